package dev.herald.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.TopicSelector;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Verifies the JWS tokens of publishers and subscribers: HS256 with a shared secret, or RS256 / ES256 with a PEM
 * public key, as configured. A token signed with any other algorithm is refused, whatever its header claims.
 *
 * <p>The keys are read when the application starts, so a key that cannot work stops the deployment with a message
 * naming it. The claims are read from the payload as they were sent: a claim of the wrong shape, or a time too far
 * off to compute with, is a 401 that says what is wrong, never a server error.
 */
@ApplicationScoped
public class Tokens {

    private static final Logger LOG = Logger.getLogger(Tokens.class.getName());

    /** The shortest HS256 secret, in bytes: RFC 7518 asks for a key as long as the hash, 256 bits. */
    static final int HS256_MIN_BYTES = 32;
    /** The smallest RSA modulus, in bits, RFC 7518 allows for RS256. */
    static final int RSA_MIN_BITS = 2048;
    private static final int QUOTED_SELECTOR_MAX = 100;

    private String algorithm;
    private JWSVerifier publisherVerifier;
    private JWSVerifier subscriberVerifier;
    private Clock clock;

    protected Tokens() {
    }

    /** @throws IllegalArgumentException naming the key that cannot verify tokens with the configured algorithm */
    @Inject
    public Tokens(HeraldConfig config) {
        this(config, Clock.systemUTC());
    }

    Tokens(HeraldConfig config, Clock clock) {
        this.algorithm = config.algorithm();
        this.clock = clock;
        this.publisherVerifier = config.publisherKey()
                .map(key -> verifier(HeraldConfig.PUBLISHER_KEY, key)).orElse(null);
        this.subscriberVerifier = config.subscriberKey()
                .map(key -> verifier(HeraldConfig.SUBSCRIBER_KEY, key)).orElse(null);
    }

    /**
     * Reads the keys as the application starts, before the hub does, rather than at the first request: a key that
     * cannot work stops the deployment.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) @Initialized(ApplicationScoped.class)
                 Object application) {
        LOG.info(() -> "Tokens signed with " + algorithm + " are verified; publishers' key "
                + (publisherVerifier == null ? "not set (" + HeraldConfig.PUBLISHER_KEY + "), so none is accepted"
                : "set") + ", subscribers' key " + (subscriberVerifier == null ? "not set" : "set"));
    }

    /** @throws AuthorizationException (401) when the token is not one this hub's publishers sign */
    public Claims publisher(String token) {
        return verify(token, publisherVerifier, HeraldConfig.PUBLISHER_KEY);
    }

    /** @throws AuthorizationException (401) when the token is not one this hub's subscribers hold */
    public Claims subscriber(String token) {
        return verify(token, subscriberVerifier, HeraldConfig.SUBSCRIBER_KEY);
    }

    private Claims verify(String token, JWSVerifier verifier, String keyName) {
        if (verifier == null) {
            throw AuthorizationException.invalid("this hub has no " + keyName + " configured, so it accepts no token");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw AuthorizationException.invalid("the token is not a signed JWT: " + e.getMessage());
        }
        String signedWith = jwt.getHeader().getAlgorithm().getName();
        if (!algorithm.equals(signedWith)) {
            throw AuthorizationException.invalid("the token is signed with " + signedWith + "; this hub accepts "
                    + algorithm);
        }
        boolean verified;
        try {
            verified = jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            throw AuthorizationException.invalid("the token's signature cannot be checked: " + e.getMessage());
        }
        if (!verified) {
            throw AuthorizationException.invalid("the token's signature does not match the hub's key");
        }
        Map<String, Object> payload = jwt.getPayload().toJSONObject();
        if (payload == null) {
            throw AuthorizationException.invalid("the token's payload is not a JSON object of claims");
        }
        Instant now = clock.instant();
        Instant expiresAt = time(payload, "exp");
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            throw AuthorizationException.invalid("the token expired at " + expiresAt);
        }
        Instant notBefore = time(payload, "nbf");
        if (notBefore != null && now.isBefore(notBefore)) {
            throw AuthorizationException.invalid("the token is not valid before " + notBefore);
        }
        Object mercure = payload.get("mercure");
        if (mercure == null) {
            return new Claims(List.of(), List.of(), expiresAt);
        }
        if (!(mercure instanceof Map<?, ?> members)) {
            throw AuthorizationException.invalid("the token's mercure claim must be an object with publish and"
                    + " subscribe arrays, not " + describe(mercure));
        }
        return new Claims(selectors(members, "publish"), selectors(members, "subscribe"), expiresAt);
    }

    /**
     * A NumericDate claim, read from the number that was sent rather than through milliseconds that could overflow,
     * and clamped to {@link Claims#EARLIEST} … {@link Claims#LATEST}: a time outside them is as good as never.
     */
    private static Instant time(Map<String, Object> payload, String claim) {
        Object value = payload.get(claim);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            throw AuthorizationException.invalid("the token's " + claim + " claim must be a number of seconds since"
                    + " 1970-01-01T00:00:00Z, not " + describe(value));
        }
        double seconds = number.doubleValue();
        if (Double.isNaN(seconds)) {
            throw AuthorizationException.invalid("the token's " + claim + " claim is not a number");
        }
        if (seconds >= Claims.LATEST.getEpochSecond()) {
            return Claims.LATEST;
        }
        if (seconds <= Claims.EARLIEST.getEpochSecond()) {
            return Claims.EARLIEST;
        }
        if (value instanceof Long || value instanceof Integer) {
            return Instant.ofEpochSecond(number.longValue());
        }
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, (long) ((seconds - whole) * 1_000_000_000L));
    }

    private static List<TopicSelector> selectors(Map<?, ?> mercure, String member) {
        Object value = mercure.get(member);
        if (value == null) {
            return List.of();
        }
        String claim = "mercure." + member;
        if (!(value instanceof List<?> items)) {
            throw AuthorizationException.invalid("the token's " + claim + " claim must be an array of topic selectors"
                    + " (strings), not " + describe(value));
        }
        List<TopicSelector> selectors = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String text)) {
                throw AuthorizationException.invalid("the token's " + claim + " claim must hold only topic selectors"
                        + " (strings), but item " + i + " is " + describe(items.get(i)));
            }
            try {
                selectors.add(TopicSelector.of(text));
            } catch (IllegalArgumentException e) {
                throw AuthorizationException.invalid("the token's " + claim + " selector '" + quote(text)
                        + "' is refused: " + e.getMessage());
            }
        }
        return List.copyOf(selectors);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value instanceof Map ? "an object" : "a " + value.getClass().getSimpleName();
    }

    private static String quote(String selector) {
        return selector.length() <= QUOTED_SELECTOR_MAX ? selector
                : selector.substring(0, QUOTED_SELECTOR_MAX) + "... (" + selector.length() + " characters)";
    }

    private JWSVerifier verifier(String keyName, String key) {
        JWSVerifier verifier;
        try {
            verifier = switch (algorithm) {
                case "HS256" -> new MACVerifier(secret(keyName, key));
                case "RS256" -> new RSASSAVerifier(rsaKey(keyName, key));
                default -> new ECDSAVerifier((ECPublicKey) publicKey(keyName, key, "EC"));
            };
        } catch (JOSEException e) {
            throw new IllegalArgumentException(keyName + " cannot verify " + algorithm + " tokens: " + e.getMessage(),
                    e);
        }
        if (!verifier.supportedJWSAlgorithms().contains(JWSAlgorithm.parse(algorithm))) {
            throw new IllegalArgumentException(keyName + " cannot verify " + algorithm + " tokens: it is a key for "
                    + verifier.supportedJWSAlgorithms() + (algorithm.equals("ES256") ? " (ES256 needs a P-256 key)" : ""));
        }
        return verifier;
    }

    private static byte[] secret(String keyName, String key) {
        byte[] secret = key.getBytes(StandardCharsets.UTF_8);
        if (secret.length < HS256_MIN_BYTES) {
            throw new IllegalArgumentException(keyName + " is " + secret.length + " bytes long; an HS256 secret needs at"
                    + " least " + HS256_MIN_BYTES + " bytes (256 bits)");
        }
        return secret;
    }

    private static RSAPublicKey rsaKey(String keyName, String pem) {
        RSAPublicKey key = (RSAPublicKey) publicKey(keyName, pem, "RSA");
        if (key.getModulus().bitLength() < RSA_MIN_BITS) {
            throw new IllegalArgumentException(keyName + " is a " + key.getModulus().bitLength() + "-bit RSA key; RS256"
                    + " needs at least " + RSA_MIN_BITS + " bits");
        }
        return key;
    }

    private static PublicKey publicKey(String keyName, String pem, String type) {
        String base64 = pem.replace("\\n", "\n")
                .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(keyName + " must be a PEM " + type + " public key"
                    + " (-----BEGIN PUBLIC KEY----- …): " + e.getMessage(), e);
        }
    }
}
