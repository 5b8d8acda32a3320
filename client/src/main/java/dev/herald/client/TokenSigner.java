package dev.herald.client;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Mercure tokens (JWS in compact form) with the key the hub verifies them with: HS256 with a shared secret, or
 * RS256 / ES256 with a private key whose public half the hub holds. Thread-safe.
 */
public final class TokenSigner {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String algorithm;
    private final Signing signing;
    private final String keyId;

    private TokenSigner(String algorithm, Signing signing, String keyId) {
        this.algorithm = algorithm;
        this.signing = signing;
        this.keyId = keyId;
    }

    private TokenSigner(String algorithm, Signing signing) {
        this(algorithm, signing, null);
    }

    /** The same signer, naming its key in each token's {@code kid} header, for a hub that picks keys from a JWKS. */
    public TokenSigner withKeyId(String newKeyId) {
        return new TokenSigner(algorithm, signing, newKeyId);
    }

    /** HS256 with a secret of at least 32 bytes (RFC 7518: no shorter than the hash; Herald refuses shorter keys). */
    public static TokenSigner hs256(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes, this one has " + secret.length);
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        return new TokenSigner("HS256", input -> {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input);
        });
    }

    /** HS256 with the UTF-8 bytes of {@code secret}, as Herald reads {@code herald.jwt.publisher.key}. */
    public static TokenSigner hs256(String secret) {
        return hs256(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** RS256 with an RSA private key of at least 2048 bits. */
    public static TokenSigner rs256(PrivateKey key) {
        if (!(key instanceof RSAPrivateKey rsa) || rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("RS256 needs an RSA private key of at least 2048 bits");
        }
        return new TokenSigner("RS256", input -> sign("SHA256withRSA", key, input));
    }

    /** ES256 with an EC private key on P-256. */
    public static TokenSigner es256(PrivateKey key) {
        if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("ES256 needs an EC private key on the curve P-256 (secp256r1)");
        }
        // JWS wants R || S (64 bytes), not the DER sequence SHA256withECDSA gives: the JDK's P1363 format is exactly that.
        return new TokenSigner("ES256", input -> sign("SHA256withECDSAinP1363Format", key, input));
    }

    /**
     * A token whose {@code mercure} claim holds these selectors.
     *
     * @param publish   {@code mercure.publish}: the topic selectors the bearer may publish to, or {@code null}
     * @param subscribe {@code mercure.subscribe}: the selectors whose private updates it may receive, or {@code null}
     * @param expiresAt {@code exp}, or {@code null} for a token that never expires
     */
    public String token(List<String> publish, List<String> subscribe, Instant expiresAt) {
        String header = "{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\""
                + (keyId == null ? "" : ",\"kid\":" + JsonString.quote(keyId)) + "}";
        String signingInput = base64url(header) + "." + base64url(MercureClaims.json(publish, subscribe, expiresAt));
        try {
            return signingInput + "." + BASE64URL.encodeToString(
                    signing.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a " + algorithm + " token: " + e.getMessage(), e);
        }
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sign(String algorithm, PrivateKey key, byte[] input) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(input);
        return signature.sign();
    }

    private static boolean isP256(ECParameterSpec params) {
        try {
            AlgorithmParameters named = AlgorithmParameters.getInstance("EC");
            named.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec p256 = named.getParameterSpec(ECParameterSpec.class);
            return params.getCurve().equals(p256.getCurve()) && params.getGenerator().equals(p256.getGenerator())
                    && params.getOrder().equals(p256.getOrder()) && BigInteger.valueOf(params.getCofactor())
                    .equals(BigInteger.valueOf(p256.getCofactor()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK does not know the curve P-256", e);
        }
    }

    /** One signature algorithm; may throw what the JCA throws. */
    @FunctionalInterface
    private interface Signing {
        byte[] sign(byte[] input) throws GeneralSecurityException;
    }
}
