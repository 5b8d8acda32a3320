package dev.herald.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.TopicSelector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Verifies the JWS tokens of publishers and subscribers: HS256 with a shared secret, or RS256 / ES256 with a PEM
 * public key, as configured. A token signed with any other algorithm is refused, whatever its header claims.
 */
@ApplicationScoped
public class Tokens {

    private String algorithm;
    private JWSVerifier publisherVerifier;
    private JWSVerifier subscriberVerifier;
    private Clock clock;

    protected Tokens() {
    }

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
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw AuthorizationException.invalid("the token is not a signed JWT: " + e.getMessage());
        }
        String signedWith = jwt.getHeader().getAlgorithm().getName();
        if (!algorithm.equals(signedWith)) {
            throw AuthorizationException.invalid("the token is signed with " + signedWith + "; this hub accepts "
                    + algorithm);
        }
        try {
            if (!jwt.verify(verifier)) {
                throw AuthorizationException.invalid("the token's signature does not match the hub's key");
            }
        } catch (JOSEException e) {
            throw AuthorizationException.invalid("the token's signature cannot be checked: " + e.getMessage());
        }
        Instant now = clock.instant();
        Instant expiresAt = instant(claims.getExpirationTime());
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            throw AuthorizationException.invalid("the token expired at " + expiresAt);
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        if (notBefore != null && now.isBefore(notBefore)) {
            throw AuthorizationException.invalid("the token is not valid before " + notBefore);
        }
        try {
            Map<String, Object> mercure = claims.getJSONObjectClaim("mercure");
            return new Claims(selectors(mercure, "publish"), selectors(mercure, "subscribe"), expiresAt);
        } catch (ParseException | ClassCastException e) {
            throw AuthorizationException.invalid("the token's mercure claim must be an object whose publish and"
                    + " subscribe members are arrays of strings");
        }
    }

    private static List<TopicSelector> selectors(Map<String, Object> mercure, String member) {
        if (mercure == null || mercure.get(member) == null) {
            return List.of();
        }
        return ((List<?>) mercure.get(member)).stream().map(selector -> TopicSelector.of((String) selector)).toList();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private JWSVerifier verifier(String keyName, String key) {
        try {
            return switch (algorithm) {
                case "HS256" -> new MACVerifier(key.getBytes(StandardCharsets.UTF_8));
                case "RS256" -> new RSASSAVerifier((RSAPublicKey) publicKey(keyName, key, "RSA"));
                default -> new ECDSAVerifier((ECPublicKey) publicKey(keyName, key, "EC"));
            };
        } catch (JOSEException e) {
            throw new IllegalArgumentException(keyName + " cannot verify " + algorithm + " tokens: " + e.getMessage()
                    + (algorithm.equals("HS256") ? " (an HS256 secret needs at least 32 bytes)" : ""), e);
        }
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
