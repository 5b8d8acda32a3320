package dev.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.herald.testing.FreePorts;
import dev.herald.testing.JwksServer;
import dev.herald.testing.Jwts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * JWKS on real servers: a Payara Micro and a WildFly node, each verifying publishers' RS256 tokens with the keys of a
 * JWK Set that this test serves itself, on a port chosen before the node starts. The set is not served at first, as
 * when the identity provider is down while Herald deploys; then it comes up, and its keys rotate. The nodes are
 * started by {@link HeraldNode} rather than Arquillian because the suite's shared servers have fixed settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksIT {

    /** The nodes' herald.jwt.jwks.refresh, and so their interval between fetches for an unknown kid. */
    private static final Duration REFRESH = Duration.ofSeconds(10);
    /** Long enough for a refresh, a fetch and a loaded machine. */
    private static final Duration WAIT = REFRESH.multipliedBy(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final RSAKey k1 = Jwts.rsaKey("k1");
    private final RSAKey k2 = Jwts.rsaKey("k2");
    private List<Node> nodes;

    /** A Herald node and the JWK Set endpoint it fetches its keys from: not served until {@link #serve}. */
    private static final class Node {
        final HeraldNode herald;
        final int jwksPort = FreePorts.any();
        JwksServer jwks;

        Node(boolean payara) {
            Map<String, String> settings = Map.of(
                    "herald.anonymous", "true",
                    "herald.jwt.algorithm", "RS256",
                    "herald.jwt.publisher.jwks-url", JwksServer.url(jwksPort).toString(),
                    "herald.jwt.jwks.refresh", REFRESH.toSeconds() + "s",
                    "herald.jwt.jwks.timeout", "1s");
            herald = payara ? HeraldNode.payara(settings) : HeraldNode.wildfly(settings);
        }

        void serve(JWK... keys) {
            if (jwks == null) {
                jwks = JwksServer.start(jwksPort);
            }
            jwks.serve(keys);
        }

        @Override
        public String toString() {
            return herald.toString();
        }
    }

    @BeforeAll
    void startTheNodes() {
        nodes = List.of(new Node(true), new Node(false));
        CompletableFuture<HeraldNode> payaraStarted = CompletableFuture.supplyAsync(nodes.get(0).herald::start);
        nodes.get(1).herald.start();
        payaraStarted.join();
    }

    @AfterAll
    void stopTheNodes() {
        for (Node node : nodes) {
            node.herald.close();
            if (node.jwks != null) {
                node.jwks.close();
            }
        }
    }

    @Test
    @Order(1)
    void whileNoSetWasEverFetchedTokensAreAnswered503WithRetryAfter() throws Exception {
        for (Node node : nodes) {
            HttpResponse<String> publish = publish(node, Jwts.rs256(k1, "k1"));
            assertEquals(503, publish.statusCode(), node + ": " + publish.body());
            assertTrue(publish.body().contains("could not be fetched yet from " + JwksServer.url(node.jwksPort)),
                    node + ": " + publish.body());
            long retryAfter = Long.parseLong(publish.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= REFRESH.toSeconds(), node + ": Retry-After " + retryAfter);
            HttpResponse<String> subscribe = send(node, HttpRequest.newBuilder(hub(node, "?topic=a"))
                    .header("Authorization", "Bearer " + Jwts.rs256(k1, "k1")).GET());
            assertEquals(503, subscribe.statusCode(), node + ": " + subscribe.body());
            assertEquals(200, send(node, HttpRequest.newBuilder(hub(node, "?topic=a"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode(), node + ": anonymous");
        }
    }

    @Test
    @Order(2)
    void onceTheSetIsServedTokensAreVerifiedByKid() throws Exception {
        for (Node node : nodes) {
            node.serve(k1);
        }
        for (Node node : nodes) {
            awaitStatus(node, Jwts.rs256(k1, "k1"), 200, "");
            HttpResponse<String> forged = publish(node, Jwts.rs256(k2, "k1"));
            assertEquals(401, forged.statusCode(), node + ": " + forged.body());
        }
    }

    @Test
    @Order(3)
    void keysRotateWithoutARestart() throws Exception {
        for (Node node : nodes) {
            node.serve(k1, k2);
        }
        for (Node node : nodes) {
            awaitStatus(node, Jwts.rs256(k2, "k2"), 200, "");
            node.serve(k2);
        }
        for (Node node : nodes) {
            awaitStatus(node, Jwts.rs256(k1, "k1"), 401, "no key with kid 'k1' in " + JwksServer.url(node.jwksPort));
            assertEquals(200, publish(node, Jwts.rs256(k2, "k2")).statusCode(), node.toString());
        }
    }

    @Test
    @Order(4)
    void madeUpKidsMakeTheNodeFetchTheSetAtMostOncePerInterval() throws Exception {
        int requests = 300;
        for (Node node : nodes) {
            int before = node.jwks.hits();
            long started = System.nanoTime();
            long slowest = 0;
            for (int i = 0; i < requests; i++) {
                long sent = System.nanoTime();
                HttpResponse<String> answer = publish(node, Jwts.madeUp(UUID.randomUUID().toString()));
                slowest = Math.max(slowest, System.nanoTime() - sent);
                assertEquals(401, answer.statusCode(), node + ": " + answer.body());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            int fetches = node.jwks.hits() - before;
            // One fetch for the first unknown kid of each interval, the scheduled refreshes meanwhile, and one that was
            // under way as the flood began; without the bound, hundreds.
            long bound = 2 * (took.toMillis() / REFRESH.toMillis() + 1) + 1;
            System.out.printf("%s: %d made-up kids in %d ms, slowest %d ms: %d fetches (bound %d)%n", node,
                    requests, took.toMillis(), slowest / 1_000_000, fetches, bound);
            assertTrue(fetches <= bound, node + ": " + fetches + " fetches for " + requests + " made-up kids in "
                    + took.toMillis() + " ms");
        }
    }

    private static void awaitStatus(Node node, String token, int status, String reason) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> answer;
        do {
            answer = publish(node, token);
            if (answer.statusCode() == status && answer.body().contains(reason)) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(node + " answered " + answer.statusCode() + " " + answer.body() + " rather than "
                + status + " '" + reason + "' within " + WAIT + "\n" + node.herald.logTail());
    }

    private static HttpResponse<String> publish(Node node, String token) throws IOException, InterruptedException {
        return send(node, HttpRequest.newBuilder(hub(node, ""))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("topic=https://example.com/jwks&data=rotated")));
    }

    private static HttpResponse<String> send(Node node, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI hub(Node node, String query) {
        return node.herald.base().resolve(".well-known/mercure" + query);
    }




}
