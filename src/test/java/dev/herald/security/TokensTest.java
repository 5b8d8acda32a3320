package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertNull;
import jakarta.json.JsonObject;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
    void aSubscribersPayloadIsKeptAsJsonForItsSubscriptionEvents() {
        Claims claims = tokens.subscriber(Jwts.hs256WithPayload(SECRET, List.of("*"),
                Map.of("user", "alice", "groups", List.of(1, 2.5, true))));
        JsonObject payload = claims.payload().asJsonObject();
        assertEquals("alice", payload.getString("user"));
        assertEquals("[1,2.5,true]", payload.getJsonArray("groups").toString());
        assertEquals("\"just text\"", tokens.subscriber(Jwts.hs256WithPayload(SECRET, List.of("*"), "just text"))
                .payload().toString());
        assertNull(tokens.subscriber(Jwts.hs256(SECRET, List.of(), List.of("*"), null)).payload());
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
        assertTrue(shortSecret.getMessage().contains("herald.jwt.publisher.key is 5 bytes long"),
                shortSecret.getMessage());
        assertTrue(shortSecret.getMessage().contains("at least 32 bytes"), shortSecret.getMessage());
        assertFalse(shortSecret.getMessage().contains("short"), "the message must not hold the secret");
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

    @Test
    void timesTooFarOffAreComparedWithoutOverflow() {
        // 1e30 seconds overflows the milliseconds a Date holds: read naively, it lands in 1969.
        assertInvalid("not valid before 9999-12-31T23:59:59Z", signed("{\"nbf\":1e30,\"mercure\":{\"publish\":[\"*\"]}}"));
        assertInvalid("not valid before 9999-12-31T23:59:59Z", signed("{\"nbf\":123456789012345678901234567890}"));
        Claims farFuture = tokens.publisher(signed("{\"exp\":1e30,\"mercure\":{\"publish\":[\"*\"]}}"));
        assertEquals(Claims.LATEST, farFuture.expiresAt());
        assertTrue(farFuture.mayPublishTo(List.of("a")));
        assertEquals(Claims.LATEST, tokens.publisher(signed("{\"exp\":9223372036854775807}")).expiresAt());
        assertInvalid("expired at 1970-01-01T00:00:00Z", signed("{\"exp\":-1e30}"));
        assertInvalid("expired at 1970-01-01T00:00:00Z", signed("{\"exp\":-9223372036854775808}"));
        tokens.publisher(signed("{\"nbf\":-1e30}"));
    }

    @Test
    void expiryAndNotBeforeAreComparedToTheSecond() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        Tokens at = new Tokens(TestConfig.of(HeraldConfig.PUBLISHER_KEY, SECRET), Clock.fixed(now, ZoneOffset.UTC));
        long seconds = now.getEpochSecond();
        assertInvalid(at, "expired at 2030-01-01T00:00:00Z", signed("{\"exp\":" + seconds + "}"));
        assertEquals(now.plusSeconds(1), at.publisher(signed("{\"exp\":" + (seconds + 1) + "}")).expiresAt());
        assertEquals(now.plusMillis(500), at.publisher(signed("{\"exp\":" + seconds + ".5}")).expiresAt());
        at.publisher(signed("{\"nbf\":" + seconds + "}"));
        assertInvalid(at, "not valid before 2030-01-01T00:00:01Z", signed("{\"nbf\":" + (seconds + 1) + "}"));
    }

    @Test
    void timesThatAreNotNumbersAreRefusedWithAMessage() {
        assertInvalid("exp claim must be a number of seconds since 1970-01-01T00:00:00Z, not a string",
                signed("{\"exp\":\"tomorrow\"}"));
        assertInvalid("nbf claim must be a number of seconds since 1970-01-01T00:00:00Z, not an object",
                signed("{\"nbf\":{}}"));
        assertInvalid("exp claim must be a number", signed("{\"exp\":true}"));
    }

    @Test
    void claimsOfTheWrongShapeAreRefusedWithAMessage() {
        assertInvalid("mercure.publish claim must hold only topic selectors (strings), but item 0 is null",
                signed("{\"mercure\":{\"publish\":[null]}}"));
        assertInvalid("mercure.subscribe claim must hold only topic selectors (strings), but item 1 is a number",
                signed("{\"mercure\":{\"subscribe\":[\"a\",1]}}"));
        assertInvalid("item 0 is an array", signed("{\"mercure\":{\"publish\":[[\"a\"]]}}"));
        assertInvalid("mercure.publish claim must be an array of topic selectors (strings), not a string",
                signed("{\"mercure\":{\"publish\":\"*\"}}"));
        assertInvalid("mercure.subscribe claim must be an array of topic selectors (strings), not an object",
                signed("{\"mercure\":{\"subscribe\":{\"a\":1}}}"));
        assertInvalid("mercure claim must be an object with publish and subscribe arrays, not a string",
                signed("{\"mercure\":\"publish\"}"));
        assertInvalid("mercure claim must be an object", signed("{\"mercure\":[\"*\"]}"));
        assertInvalid("payload is not a JSON object", signed("[1,2]"));
        assertInvalid("payload is not a JSON object", signed("not json"));
    }

    @Test
    void absentAndNullMembersAllowNothing() {
        Claims claims = tokens.publisher(signed("{\"mercure\":{\"publish\":null}}"));
        assertEquals(List.of(), claims.publish());
        assertEquals(List.of(), tokens.publisher(signed("{\"mercure\":null}")).subscribe());
        assertEquals(List.of(), tokens.publisher(signed("{}")).publish());
    }

    @Test
    void theChallengeCarriesNoLineBreakOrQuote() {
        AuthorizationException error = AuthorizationException.invalid("a \"quoted\"\r\nSet-Cookie: x=1 \\ é");
        assertEquals("Bearer realm=\"herald\", error=\"invalid_token\", error_description=\"a 'quoted'??Set-Cookie:"
                + " x=1 / ?\"", error.challenge());
    }

    @Test
    void keysThatCannotVerifyTheAlgorithmAreRefused() throws Exception {
        IllegalArgumentException smallRsa = assertThrows(IllegalArgumentException.class, () -> new Tokens(
                TestConfig.of(HeraldConfig.ALGORITHM, "RS256", HeraldConfig.PUBLISHER_KEY, pem(generate("RSA", 1024)))));
        assertTrue(smallRsa.getMessage().contains("herald.jwt.publisher.key is a 1024-bit RSA key"),
                smallRsa.getMessage());
        KeyPair p384 = generate("EC", new ECGenParameterSpec("secp384r1"));
        IllegalArgumentException wrongCurve = assertThrows(IllegalArgumentException.class, () -> new Tokens(
                TestConfig.of(HeraldConfig.ALGORITHM, "ES256", HeraldConfig.PUBLISHER_KEY, pem(p384))));
        assertTrue(wrongCurve.getMessage().contains("herald.jwt.publisher.key cannot verify ES256 tokens"),
                wrongCurve.getMessage());
        IllegalArgumentException badSubscriberKey = assertThrows(IllegalArgumentException.class, () -> new Tokens(
                TestConfig.of(HeraldConfig.PUBLISHER_KEY, SECRET, HeraldConfig.SUBSCRIBER_KEY, "31-bytes-are-one-too-few-!!!!!!")));
        assertEquals("herald.jwt.subscriber.key is 31 bytes long; an HS256 secret needs at least 32 bytes (256 bits)",
                badSubscriberKey.getMessage());
    }

    /** An HS256 token, signed with {@link #SECRET}, whose payload is {@code payload} exactly as written. */
    private static String signed(String payload) {
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(payload));
        try {
            jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    private void assertInvalid(String reason, String token) {
        assertInvalid(tokens, reason, token);
    }

    private static void assertInvalid(Tokens tokens, String reason, String token) {
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

    private static KeyPair generate(String type, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
