package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.TopicSelector;
import dev.herald.testing.Jwts;
import dev.herald.testing.TestConfig;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static final String SECRET = "a-publisher-secret-of-at-least-32-bytes!";
    private final Tokens tokens = new Tokens(TestConfig.of(HeraldConfig.PUBLISHER_KEY, SECRET));

    @Test
    void aValidTokenYieldsItsMercureClaims() {
        Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Claims claims = tokens.publisher(Jwts.hs256(SECRET, List.of("https://example.com/{id}"), List.of("*"), expiry));
        assertEquals(List.of(TopicSelector.of("https://example.com/{id}")), claims.publish());
        assertEquals(List.of(TopicSelector.of("*")), claims.subscribe());
        assertEquals(expiry, claims.expiresAt());
        assertTrue(claims.mayPublishTo(List.of("https://example.com/1")));
        assertFalse(claims.mayPublishTo(List.of("https://example.com/1", "https://other.example/1")));
    }

    @Test
    void aTokenWithoutTheClaimMayPublishNothing() {
        Claims claims = tokens.publisher(Jwts.hs256(SECRET, List.of(), List.of(), null));
        assertFalse(claims.mayPublishTo(List.of("a")));
    }

    @Test
    void refusesWrongKeysExpiryAndGarbage() {
        assertInvalid("signature does not match", Jwts.hs256("another-secret-of-at-least-32-bytes!!", List.of("*"),
                List.of(), null));
        assertInvalid("expired", Jwts.hs256(SECRET, List.of("*"), List.of(), Instant.now().minusSeconds(5)));
        assertInvalid("not a signed JWT", "not.a.token");
    }

    @Test
    void refusesTokensSignedWithAnotherAlgorithm() throws Exception {
        KeyPair rsa = generate("RSA", null);
        String token = Jwts.sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), List.of("*"), List.of(), null);
        assertInvalid("signed with RS256; this hub accepts HS256", token);
    }

    @Test
    void verifiesRs256WithAPemPublicKey() throws Exception {
        KeyPair rsa = generate("RSA", null);
        Tokens rs256 = new Tokens(TestConfig.of(HeraldConfig.ALGORITHM, "RS256", HeraldConfig.PUBLISHER_KEY, pem(rsa)));
        String token = Jwts.sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), List.of("*"), List.of(), null);
        assertTrue(rs256.publisher(token).mayPublishTo(List.of("anything")));
    }

    @Test
    void verifiesEs256WithAPemPublicKey() throws Exception {
        KeyPair ec = generate("EC", new ECGenParameterSpec("secp256r1"));
        // Environment variables often carry PEM with literal \n: those are read too.
        String pem = pem(ec).replace("\n", "\\n");
        Tokens es256 = new Tokens(TestConfig.of(HeraldConfig.ALGORITHM, "ES256", HeraldConfig.PUBLISHER_KEY, pem));
        String token = Jwts.sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) ec.getPrivate()), List.of("a"),
                List.of(), null);
        assertTrue(es256.publisher(token).mayPublishTo(List.of("a")));
    }

    @Test
    void subscribersUseTheirOwnKeyWhenOneIsSet() {
        Tokens split = new Tokens(TestConfig.of(HeraldConfig.PUBLISHER_KEY, SECRET,
                HeraldConfig.SUBSCRIBER_KEY, "the-subscribers-own-secret-32-bytes!!"));
        String publisherToken = Jwts.hs256(SECRET, List.of("*"), List.of("*"), null);
        assertThrows(AuthorizationException.class, () -> split.subscriber(publisherToken));
        split.subscriber(Jwts.hs256("the-subscribers-own-secret-32-bytes!!", List.of(), List.of("*"), null));
    }

    @Test
    void badKeysStopTheDeploymentWithAMessage() {
        IllegalArgumentException shortSecret = assertThrows(IllegalArgumentException.class,
                () -> new Tokens(TestConfig.of(HeraldConfig.PUBLISHER_KEY, "short")));
        assertTrue(shortSecret.getMessage().contains("at least 32 bytes"), shortSecret.getMessage());
        IllegalArgumentException badPem = assertThrows(IllegalArgumentException.class,
                () -> new Tokens(TestConfig.of(HeraldConfig.ALGORITHM, "RS256", HeraldConfig.PUBLISHER_KEY, "nope")));
        assertTrue(badPem.getMessage().contains("PEM RSA public key"), badPem.getMessage());
    }

    @Test
    void withoutAKeyEveryTokenIsRefusedAndTheMessageSaysWhy() {
        Tokens unconfigured = new Tokens(HeraldConfig.defaults());
        AuthorizationException error = assertThrows(AuthorizationException.class,
                () -> unconfigured.publisher(Jwts.hs256(SECRET, List.of("*"), List.of(), null)));
        assertTrue(error.getMessage().contains("herald.jwt.publisher.key"), error.getMessage());
    }

    private void assertInvalid(String reason, String token) {
        AuthorizationException error = assertThrows(AuthorizationException.class, () -> tokens.publisher(token));
        assertEquals(401, error.status());
        assertTrue(error.getMessage().contains(reason), error.getMessage());
        assertTrue(error.challenge().startsWith("Bearer realm=\"herald\", error=\"invalid_token\""),
                error.challenge());
    }

    private static KeyPair generate(String type, ECGenParameterSpec spec) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (spec != null) {
            generator.initialize(spec);
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
