package dev.herald.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.Timers;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.TopicSelector;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Key;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the JWS tokens of publishers and subscribers: HS256 with a shared secret, or RS256 / ES256 with a PEM
 * public key, as configured, or with the keys a JWK Set URL serves, picked by the token's {@code kid}. A token signed
 * with any other algorithm is refused, whatever its header claims.
 *
 * <p>Configured keys are read when the application starts, so a key that cannot work stops the deployment with a
 * message naming it; JWK Sets are fetched then, and kept current on Herald's {@link Timers}. The claims are read
 * from the payload as they were sent: a claim of the wrong shape, or a time too far off to compute with, is a 401 that
 * says what is wrong, never a server error.
 */
@ApplicationScoped
public class Tokens {

    private static final Logger LOG = Logger.getLogger(Tokens.class.getName());

    private static final int QUOTED_MAX = 100;

    @Inject
    private Timers timers;

    private String algorithm;
    private TokenKeys publisherKeys;
    private TokenKeys subscriberKeys;
    private List<Jwks> jwkSets;
    private Clock clock;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

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
        Optional<Jwks> publisherJwks = config.publisherJwksUrl().map(url -> new Jwks(url,
                HeraldConfig.PUBLISHER_JWKS_URL, algorithm, config.jwksRefresh(), config.jwksTimeout()));
        // Subscribers whose set is the publishers' share its fetches and its cache.
        Optional<Jwks> subscriberJwks = config.subscriberJwksUrl().equals(config.publisherJwksUrl()) ? publisherJwks
                : config.subscriberJwksUrl().map(url -> new Jwks(url, HeraldConfig.SUBSCRIBER_JWKS_URL, algorithm,
                config.jwksRefresh(), config.jwksTimeout()));
        this.publisherKeys = config.publisherKey().map(key -> fixed(HeraldConfig.PUBLISHER_KEY, key))
                .or(() -> publisherJwks).orElse(null);
        this.subscriberKeys = config.subscriberKey().map(key -> fixed(HeraldConfig.SUBSCRIBER_KEY, key))
                .or(() -> subscriberJwks).orElse(null);
        this.jwkSets = Stream.of(publisherJwks, subscriberJwks).flatMap(Optional::stream).distinct().toList();
    }

    /**
     * Reads the keys as the application starts, before the hub does, rather than at the first request: a key that
     * cannot work stops the deployment. Fetches the JWK Sets, if any, and keeps them current.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) @Initialized(ApplicationScoped.class)
                 Object application) {
        LOG.info(() -> "Tokens signed with " + algorithm + " are verified; publishers' key " + describe(publisherKeys,
                "not set (" + HeraldConfig.PUBLISHER_KEY + " or " + HeraldConfig.PUBLISHER_JWKS_URL
                        + "), so none is accepted") + ", subscribers' key " + describe(subscriberKeys, "not set"));
        start(timers.executor());
    }

    /** Fetches the JWK Sets, waiting for each at most {@code herald.jwt.jwks.timeout}, and refreshes them. */
    public synchronized void start(ScheduledExecutorService executor) {
        jwkSets.forEach(jwks -> tasks.add(jwks.start(executor)));
    }

    @PreDestroy
    synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
    }

    /**
     * @throws AuthorizationException   (401) when the token is not one this hub's publishers sign
     * @throws KeysUnavailableException (503) when the publishers' JWK Set could not be fetched yet
     */
    public Claims publisher(String token) {
        return verify(token, publisherKeys, HeraldConfig.PUBLISHER_KEY + " or " + HeraldConfig.PUBLISHER_JWKS_URL);
    }

    /**
     * @throws AuthorizationException   (401) when the token is not one this hub's subscribers hold
     * @throws KeysUnavailableException (503) when the subscribers' JWK Set could not be fetched yet
     */
    public Claims subscriber(String token) {
        return verify(token, subscriberKeys, HeraldConfig.SUBSCRIBER_KEY + " or " + HeraldConfig.SUBSCRIBER_JWKS_URL);
    }

    private Claims verify(String token, TokenKeys keys, String keyNames) {
        if (keys == null) {
            throw AuthorizationException.invalid("this hub has no " + keyNames + " configured, so it accepts no token");
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
        JWSVerifier verifier = keys.verifierFor(jwt.getHeader().getKeyID());
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
        return new Claims(selectors(members, "publish"), selectors(members, "subscribe"), expiresAt,
                payload(members.get("payload")));
    }

    /** {@code mercure.payload}, any JSON value, as the parser read it: what subscription events show of a subscriber. */
    private static JsonValue payload(Object value) {
        if (value == null) {
            return null;
        }
        try {
            // JSON-P converts maps, lists, strings, numbers and booleans inside an array, whatever the top-level type.
            return Json.createArrayBuilder(Collections.singletonList(value)).build().get(0);
        } catch (IllegalArgumentException e) {
            throw AuthorizationException.invalid("the token's mercure.payload claim cannot be read as JSON: "
                    + e.getMessage());
        }
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

    /** Text from a token, short enough to quote in a refusal. */
    static String quote(String text) {
        return text.length() <= QUOTED_MAX ? text
                : text.substring(0, QUOTED_MAX) + "... (" + text.length() + " characters)";
    }

    private static String describe(TokenKeys keys, String none) {
        return keys == null ? none : keys instanceof Jwks ? "from a JWK Set" : "set";
    }

    /** A configured key, which verifies every token whatever its kid. */
    private TokenKeys fixed(String keyName, String key) {
        Key parsed = algorithm.equals("HS256") ? secret(key)
                : publicKey(keyName, key, algorithm.equals("RS256") ? "RSA" : "EC");
        JWSVerifier verifier;
        try {
            verifier = Verifiers.of(algorithm, parsed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyName + " " + e.getMessage(), e);
        }
        return kid -> verifier;
    }

    private static Key secret(String key) {
        return new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    private static Key publicKey(String keyName, String pem, String type) {
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
