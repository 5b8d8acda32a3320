package dev.herald.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Mints the tokens that publishers and subscribers present, as a test needs them. */
public final class Jwts {

    private Jwts() {
    }

    /** An HS256 token with the given {@code mercure.publish} and {@code mercure.subscribe} selectors. */
    public static String hs256(String secret, List<String> publish, List<String> subscribe, Instant expiresAt) {
        try {
            return sign(JWSAlgorithm.HS256, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), publish,
                    subscribe, expiresAt);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 subscriber token with the given {@code mercure.subscribe} selectors and {@code mercure.payload}. */
    public static String hs256WithPayload(String secret, List<String> subscribe, Object payload) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("mercure", Map.of("subscribe", subscribe, "payload", payload)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /**
     * An RS256 token that may publish and subscribe to every topic, signed with {@code key} and naming {@code kid}
     * (which need not be the key's: a forged token names another) in its header; none when {@code null}.
     */
    public static String rs256(RSAKey key, String kid) {
        try {
            return sign(JWSAlgorithm.RS256, new RSASSASigner(key), kid, List.of("*"), List.of("*"), null);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An RS256 token naming a made-up {@code kid}, with a made-up signature: what an attacker sends to make the hub
     * look for keys, without the cost of signing.
     */
    public static String madeUp(String kid) {
        return Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}") + "."
                + Base64URL.encode("{\"mercure\":{\"publish\":[\"*\"]}}") + ".c2lnbmF0dXJl";
    }

    /** A new 2048-bit RSA key pair with the given {@code kid}, as an identity provider publishes one. */
    public static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSAlgorithm algorithm, JWSSigner signer, List<String> publish, List<String> subscribe,
                              Instant expiresAt) {
        return sign(algorithm, signer, null, publish, subscribe, expiresAt);
    }

    /** A token whose header names the key that signed it in {@code kid}, as tokens verified with a JWK Set do. */
    public static String sign(JWSAlgorithm algorithm, JWSSigner signer, String kid, List<String> publish,
                              List<String> subscribe, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("mercure", Map.of("publish", publish, "subscribe", subscribe));
        if (expiresAt != null) {
            claims.expirationTime(Date.from(expiresAt));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
