package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import dev.herald.config.HeraldConfig;
import dev.herald.testing.FreePorts;
import dev.herald.testing.JwksServer;
import dev.herald.testing.Jwts;
import dev.herald.testing.TestConfig;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens verified with the keys of a JWK Set that the test serves itself. */
class JwksTest {

    private static final RSAKey K1 = Jwts.rsaKey("k1");
    private static final RSAKey K2 = Jwts.rsaKey("k2");

    private final JwksServer server = JwksServer.start();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<Tokens> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Tokens::stop);
        scheduler.shutdownNow();
        server.close();
    }

    @Test
    void keysArePickedByKid() {
        server.serve(K1, K2);
        Tokens tokens = start("herald.jwt.algorithm", "RS256");
        assertTrue(tokens.publisher(Jwts.rs256(K1, "k1")).mayPublishTo(List.of("a")));
        assertTrue(tokens.publisher(Jwts.rs256(K2, "k2")).mayPublishTo(List.of("a")));
        assertRefused(tokens, Jwts.rs256(K2, "k1"), "signature does not match");
        assertEquals(1, server.hits(), "keys it holds are never fetched again");
    }

    @Test
    void aTokenWithoutKidNeedsASetOfExactlyOneKey() {
        server.serve(K1);
        Tokens one = start("herald.jwt.algorithm", "RS256");
        one.publisher(Jwts.rs256(K1, null));
        server.serve(K1, K2);
        Tokens two = start("herald.jwt.algorithm", "RS256");
        assertRefused(two, Jwts.rs256(K1, null), "the token has no kid header, and " + server.url()
                + " (herald.jwt.publisher.jwks-url) holds 2 keys that can verify RS256 tokens: sign it with a kid");
    }

    @Test
    void aNewKidIsFetchedAtOnceWithoutARestart() {
        server.serve(K1);
        Tokens tokens = start("herald.jwt.algorithm", "RS256");
        server.serve(K1, K2);
        assertTrue(tokens.publisher(Jwts.rs256(K2, "k2")).mayPublishTo(List.of("a")));
        assertEquals(2, server.hits());
    }

    @Test
    void aRemovedKidIsRefusedAfterTheScheduledRefresh() {
        server.serve(K1, K2);
        Tokens tokens = start("herald.jwt.algorithm", "RS256", HeraldConfig.JWKS_REFRESH, "200ms");
        tokens.publisher(Jwts.rs256(K1, "k1"));
        server.serve(K2);
        int before = server.hits();
        await(() -> server.hits() >= before + 2); // a whole fetch began after the change
        assertRefused(tokens, Jwts.rs256(K1, "k1"), "no key with kid 'k1' in " + server.url());
        tokens.publisher(Jwts.rs256(K2, "k2"));
    }

    @Test
    void aFloodOfUnknownKidsFetchesAtMostOncePerIntervalAndHoldsNoThread() throws Exception {
        server.serve(K1);
        Tokens tokens = start("herald.jwt.algorithm", "RS256");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Callable<Long>> requests = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String token = Jwts.madeUp(UUID.randomUUID().toString());
            requests.add(() -> {
                long start = System.nanoTime();
                assertRefused(tokens, token, "an unknown kid makes the hub fetch the set again at most every PT30S");
                return System.nanoTime() - start;
            });
        }
        long slowest = 0;
        for (Future<Long> took : clients.invokeAll(requests)) {
            slowest = Math.max(slowest, took.get());
        }
        clients.shutdown();
        System.out.printf("%d made-up kids from 8 threads: %d fetches after the first, slowest refusal %d ms%n",
                requests.size(), server.hits() - 1, slowest / 1_000_000);
        assertEquals(2, server.hits(), "one fetch at the start, one for the first unknown kid");
        assertTrue(slowest < 2_000_000_000L, "the slowest refusal took " + slowest / 1_000_000 + " ms");
        tokens.publisher(Jwts.rs256(K1, "k1"));
    }

    @Test
    void whenTheEndpointFailsTheLastGoodSetStillVerifies() {
        server.serve(K1);
        Tokens tokens = start("herald.jwt.algorithm", "RS256", HeraldConfig.JWKS_REFRESH, "100ms");
        server.mode(JwksServer.Mode.FAIL);
        int before = server.hits();
        await(() -> server.hits() >= before + 3);
        tokens.publisher(Jwts.rs256(K1, "k1"));
        assertRefused(tokens, Jwts.rs256(K2, "k2"), "no key with kid 'k2'");
        server.serve(K2);
        await(() -> {
            try {
                tokens.publisher(Jwts.rs256(K2, "k2"));
                return true;
            } catch (AuthorizationException e) {
                return false;
            }
        });
    }

    @Test
    void anEndpointThatNeverAnswersHoldsARequestAtMostTheTimeout() {
        server.mode(JwksServer.Mode.HANG);
        long start = System.nanoTime();
        Tokens tokens = start("herald.jwt.algorithm", "RS256", HeraldConfig.JWKS_TIMEOUT, "500ms");
        long startup = System.nanoTime() - start;
        assertTrue(startup < 1_500_000_000L, "the deployment waited " + startup / 1_000_000 + " ms");
        // The first token may fetch again (the interval starts then): it waits for that fetch at most the timeout.
        long first = millisToRefuse(tokens, Jwts.rs256(K1, "k1"));
        assertTrue(first < 1_500, "the first request waited " + first + " ms");
        long second = millisToRefuse(tokens, Jwts.rs256(K1, "k1"));
        assertTrue(second < 100, "the second request waited " + second + " ms");
    }

    @Test
    void anUnreachableEndpointAtDeploymentAnswers503UntilASetIsFetched() {
        int port = FreePorts.any();
        Tokens tokens = new Tokens(TestConfig.of("herald.jwt.algorithm", "RS256", HeraldConfig.JWKS_REFRESH, "1s",
                HeraldConfig.PUBLISHER_JWKS_URL, JwksServer.url(port).toString()));
        tokens.start(scheduler);
        started.add(tokens);
        KeysUnavailableException unavailable = assertThrows(KeysUnavailableException.class,
                () -> tokens.publisher(Jwts.rs256(K1, "k1")));
        assertTrue(unavailable.getMessage().contains("could not be fetched yet from " + JwksServer.url(port)),
                unavailable.getMessage());
        assertEquals(1, unavailable.retryAfterSeconds());
        try (JwksServer late = JwksServer.start(port).serve(K1)) {
            await(() -> {
                try {
                    return tokens.publisher(Jwts.rs256(K1, "k1")) != null;
                } catch (KeysUnavailableException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void anOversizeSetIsRefused() {
        char[] padding = new char[Jwks.MAX_BYTES];
        Arrays.fill(padding, 'x');
        server.serve("{\"keys\":" + "[" + K1.toPublicJWK().toJSONString() + "],\"padding\":\"" + new String(padding)
                + "\"}");
        Tokens tokens = start("herald.jwt.algorithm", "RS256");
        assertThrows(KeysUnavailableException.class, () -> tokens.publisher(Jwts.rs256(K1, "k1")));
    }

    @Test
    void keysThatDoNotSuitTheAlgorithmAreRefusedWithTheReason() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        RSAKey small = new RSAKey.Builder((RSAPublicKey) generator.generateKeyPair().getPublic()).keyID("small")
                .build();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        RSAKey encryption = new RSAKey.Builder(K2).keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
        server.serve(K1, small, ec, encryption);
        Tokens tokens = start("herald.jwt.algorithm", "RS256");
        assertRefused(tokens, Jwts.rs256(K1, "small"), "the key with kid 'small' in " + server.url()
                + " (herald.jwt.publisher.jwks-url) is a 1024-bit RSA key; RS256 needs at least 2048 bits");
        assertRefused(tokens, Jwts.rs256(K1, "ec"), "the key with kid 'ec' in " + server.url()
                + " (herald.jwt.publisher.jwks-url) is a public key of type EC; RS256 needs an RSA public key");
        assertRefused(tokens, Jwts.rs256(K1, "enc"), "is for use 'enc', not 'sig'");
        assertEquals(1, server.hits(), "a known kid of an unsuitable key is not fetched again");
        tokens.publisher(Jwts.rs256(K1, null)); // the only suitable key
    }

    @Test
    void es256AndHs256KeysMustSuitTheirAlgorithmToo() throws Exception {
        ECKey p256 = new ECKeyGenerator(Curve.P_256).keyID("p256").generate();
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
        server.serve(p256, p384);
        Tokens es256 = start("herald.jwt.algorithm", "ES256");
        es256.publisher(Jwts.sign(JWSAlgorithm.ES256, new ECDSASigner(p256), "p256", List.of("*"), List.of(), null));
        assertRefused(es256, Jwts.sign(JWSAlgorithm.ES256, new ECDSASigner(p256), "p384", List.of("*"), List.of(),
                null), "cannot verify ES256 tokens: it is a key for [ES384] (ES256 needs a P-256 key)");

        OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("hs").generate();
        OctetSequenceKey tooShort = new OctetSequenceKeyGenerator(128).keyID("short").generate();
        server.serve(new JWKSet(List.of(secret, tooShort)).toString(false));
        Tokens hs256 = start();
        hs256.publisher(Jwts.sign(JWSAlgorithm.HS256, new MACSigner(secret), "hs", List.of("*"), List.of(), null));
        assertRefused(hs256, Jwts.sign(JWSAlgorithm.HS256, new MACSigner(secret), "short", List.of("*"), List.of(),
                null), "is 16 bytes long; an HS256 secret needs at least 32 bytes");
    }

    @Test
    void subscribersShareThePublishersSetUnlessTheyHaveTheirOwn() {
        server.serve(K1);
        Tokens shared = start("herald.jwt.algorithm", "RS256");
        shared.subscriber(Jwts.rs256(K1, "k1"));
        assertEquals(1, server.hits(), "one set, fetched once for both roles");
        Tokens own = start("herald.jwt.algorithm", "RS256",
                HeraldConfig.SUBSCRIBER_KEY, "-----BEGIN PUBLIC KEY-----" + pem(K2) + "-----END PUBLIC KEY-----");
        own.subscriber(Jwts.rs256(K2, "k2"));
        assertRefused(own, Jwts.rs256(K1, "k1"), "signature does not match", Tokens::subscriber);
    }

    /** A started {@link Tokens} whose publishers' keys are the test server's set, with the given settings. */
    private Tokens start(String... settings) {
        String[] all = Arrays.copyOf(settings, settings.length + 2);
        all[settings.length] = HeraldConfig.PUBLISHER_JWKS_URL;
        all[settings.length + 1] = server.url().toString();
        Tokens tokens = new Tokens(TestConfig.of(all));
        tokens.start(scheduler);
        started.add(tokens);
        return tokens;
    }

    private static long millisToRefuse(Tokens tokens, String token) {
        long start = System.nanoTime();
        assertThrows(KeysUnavailableException.class, () -> tokens.publisher(token));
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void assertRefused(Tokens tokens, String token, String reason) {
        assertRefused(tokens, token, reason, Tokens::publisher);
    }

    private static void assertRefused(Tokens tokens, String token, String reason, Role role) {
        AuthorizationException error = assertThrows(AuthorizationException.class, () -> role.verify(tokens, token));
        assertEquals(401, error.status());
        assertTrue(error.getMessage().contains(reason), error.getMessage());
    }

    private interface Role {
        Claims verify(Tokens tokens, String token);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }




    private static String pem(RSAKey key) {
        try {
            return java.util.Base64.getEncoder().encodeToString(key.toRSAPublicKey().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
