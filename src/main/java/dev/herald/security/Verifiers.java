package dev.herald.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.SecretKey;

/**
 * Which key can verify which algorithm, whether it was configured or fetched from a JWK Set: RS256 needs an RSA key of
 * at least 2048 bits, ES256 an EC key on P-256, HS256 a secret of at least 32 bytes.
 */
final class Verifiers {

    /** The shortest HS256 secret, in bytes: RFC 7518 asks for a key as long as the hash, 256 bits. */
    static final int HS256_MIN_BYTES = 32;
    /** The smallest RSA modulus, in bits, RFC 7518 allows for RS256. */
    static final int RSA_MIN_BITS = 2048;

    private Verifiers() {
    }

    /**
     * @param algorithm HS256, RS256 or ES256
     * @throws IllegalArgumentException with what the key is and what the algorithm needs, to be said of the key
     *                                  ({@code "<key> is a 1024-bit RSA key; RS256 needs at least 2048 bits"})
     */
    static JWSVerifier of(String algorithm, Key key) {
        JWSVerifier verifier;
        try {
            verifier = switch (algorithm) {
                case "HS256" -> new MACVerifier(secret(key));
                case "RS256" -> new RSASSAVerifier(rsaKey(key));
                default -> new ECDSAVerifier(typed(key, ECPublicKey.class, "ES256 needs an EC public key on P-256"));
            };
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot verify " + algorithm + " tokens: " + e.getMessage(), e);
        }
        if (!verifier.supportedJWSAlgorithms().contains(JWSAlgorithm.parse(algorithm))) {
            throw new IllegalArgumentException("cannot verify " + algorithm + " tokens: it is a key for "
                    + verifier.supportedJWSAlgorithms()
                    + (algorithm.equals("ES256") ? " (ES256 needs a P-256 key)" : ""));
        }
        return verifier;
    }

    private static SecretKey secret(Key key) {
        SecretKey secret = typed(key, SecretKey.class, "HS256 needs a shared secret");
        int length = secret.getEncoded().length;
        if (length < HS256_MIN_BYTES) {
            throw new IllegalArgumentException("is " + length + " bytes long; an HS256 secret needs at least "
                    + HS256_MIN_BYTES + " bytes (256 bits)");
        }
        return secret;
    }

    private static RSAPublicKey rsaKey(Key key) {
        RSAPublicKey rsa = typed(key, RSAPublicKey.class, "RS256 needs an RSA public key");
        int bits = rsa.getModulus().bitLength();
        if (bits < RSA_MIN_BITS) {
            throw new IllegalArgumentException("is a " + bits + "-bit RSA key; RS256 needs at least " + RSA_MIN_BITS
                    + " bits");
        }
        return rsa;
    }

    private static <K extends Key> K typed(Key key, Class<K> type, String need) {
        if (!type.isInstance(key)) {
            throw new IllegalArgumentException("is " + (key instanceof SecretKey ? "a shared secret"
                    : "a public key of type " + key.getAlgorithm()) + "; " + need);
        }
        return type.cast(key);
    }
}
