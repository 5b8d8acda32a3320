package dev.herald.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens the client signs, verified and read by Nimbus, the library Herald verifies them with. */
class TokenSignerTest {

    private static final String SECRET = "herald-integration-tests-secret-key-0123456789";
    private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void hs256TokensVerifyWithTheSecretAndCarryTheClaims() throws Exception {
        String token = TokenSigner.hs256(SECRET).token(List.of("https://example.com/books/{id}"),
                List.of("*"), EXP);
        SignedJWT jwt = verified(token, JWSAlgorithm.HS256, new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of("publish", List.of("https://example.com/books/{id}"), "subscribe", List.of("*")),
                jwt.getJWTClaimsSet().getJSONObjectClaim("mercure"));
        assertEquals(Date.from(EXP), jwt.getJWTClaimsSet().getExpirationTime());
        assertFalse(new SignedJWT(jwt.getHeader().toBase64URL(), jwt.getPayload().toBase64URL(),
                jwt.getSignature()).verify(new MACVerifier("another-secret-of-at-least-thirty-two-bytes")));
    }

    @Test
    void aKeyIdIsNamedInTheHeaderOnlyWhenGiven() throws Exception {
        String token = TokenSigner.hs256(SECRET).withKeyId("key \"2\"").token(List.of("*"), null, EXP);
        SignedJWT jwt = verified(token, JWSAlgorithm.HS256, new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertEquals("key \"2\"", jwt.getHeader().getKeyID());
        assertNull(SignedJWT.parse(TokenSigner.hs256(SECRET).token(List.of("*"), null, EXP)).getHeader().getKeyID());
    }

    @Test
    void rs256TokensVerifyWithThePublicKey() throws Exception {
        KeyPair keys = generate("RSA", 2048);
        String token = TokenSigner.rs256(keys.getPrivate()).token(List.of("*"), null, EXP);
        verified(token, JWSAlgorithm.RS256, new RSASSAVerifier((RSAPublicKey) keys.getPublic()));
    }

    @Test
    void es256TokensCarryTheJoseSignatureAndVerifyWithThePublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        for (int i = 0; i < 20; i++) {  // DER signatures vary in length; JOSE ones are always 64 bytes
            String token = TokenSigner.es256(keys.getPrivate()).token(List.of("*"), null, EXP);
            SignedJWT jwt = verified(token, JWSAlgorithm.ES256, new ECDSAVerifier((ECPublicKey) keys.getPublic()));
            assertEquals(64, jwt.getSignature().decode().length);
        }
    }

    @Test
    void claimsWithQuotesBackslashesControlCharactersAndUnicodeSurviveAndAbsentOnesAreLeftOut() throws Exception {
        String topic = "urn:\"quoted\"\\back\nline\u0001é😀";
        SignedJWT jwt = SignedJWT.parse(TokenSigner.hs256(SECRET).token(List.of(topic, ""), null, null));
        assertEquals(Map.of("publish", List.of(topic, "")), jwt.getJWTClaimsSet().getJSONObjectClaim("mercure"));
        assertNull(jwt.getJWTClaimsSet().getExpirationTime());
        assertEquals(Map.of("subscribe", List.of()), SignedJWT.parse(TokenSigner.hs256(SECRET)
                .token(null, List.of(), null)).getJWTClaimsSet().getJSONObjectClaim("mercure"));
    }

    @Test
    void keysTheHubWouldRefuseAreRefusedAtOnce() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TokenSigner.hs256("thirty-one bytes, one too few!!"));
        assertThrows(IllegalArgumentException.class, () -> TokenSigner.rs256(generate("RSA", 1024).getPrivate()));
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertThrows(IllegalArgumentException.class, () -> TokenSigner.es256(p384.generateKeyPair().getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> TokenSigner.es256(generate("RSA", 2048).getPrivate()));
    }

    private static SignedJWT verified(String token, JWSAlgorithm algorithm, JWSVerifier verifier) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(algorithm, jwt.getHeader().getAlgorithm());
        assertEquals("JWT", jwt.getHeader().getType().getType());
        assertTrue(jwt.verify(verifier), "the signature verifies");
        return jwt;
    }

    private static KeyPair generate(String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
