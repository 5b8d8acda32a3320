package dev.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.Presence;
import dev.herald.testing.Chromium;
import dev.herald.testing.Jwts;
import dev.herald.testing.RedisServer;
import dev.herald.testing.SseConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Mercure's subscription events and subscriptions API on a cluster of a Payara Micro and a WildFly node on one Redis,
 * with {@code herald.subscriptions=true}: a watcher sees a subscription start and end, live, and the API lists it with
 * a {@code lastEventID}, behind the authorization the spec asks for, on either node for the subscriptions of both; and
 * when a node dies, the other ends its subscriptions. The nodes are started by {@link HeraldNode} rather than
 * Arquillian because the suite's shared servers run alone, with subscription events off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresenceIT {

    private static final String KEY = "presence-integration-tests-secret-key-0123456789";
    private static final String PATH = "/.well-known/mercure/subscriptions";
    private static final String EVERY_SUBSCRIPTION = PATH + "{/topic}{/subscriber}";
    private static final String BOOKS = "https://example.com/books/{id}";
    private static final Duration WAIT = Duration.ofSeconds(10);
    // Above what the other tests hold open at once, across both nodes, while ended subscriptions linger a heartbeat.
    private static final int MAX_LISTED = 10;
    private static final String ORIGIN = "https://app.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String watcherToken = Jwts.hs256(KEY, List.of(), List.of(EVERY_SUBSCRIPTION), null);
    private RedisServer redis;
    private List<HeraldNode> nodes;

    @BeforeAll
    void startTheNodes() {
        redis = RedisServer.start();
        // A heartbeat a second finds a departed subscriber within a second or two, and so ends its subscription.
        Map<String, String> settings = new HashMap<>(NodeSettings.cluster(redis.url()));
        settings.putAll(Map.of("herald.jwt.publisher.key", KEY, "herald.subscriptions", "true",
                "herald.heartbeat", "1s", "herald.subscriptions.max-listed", Integer.toString(MAX_LISTED),
                "herald.cors.origins", ORIGIN));
        nodes = List.of(HeraldNode.payara(settings), HeraldNode.wildfly(settings));
        CompletableFuture<HeraldNode> payaraStarted = CompletableFuture.supplyAsync(nodes.get(0)::start);
        nodes.get(1).start();
        payaraStarted.join();
    }

    @AfterAll
    void stopTheNodes() {
        nodes.forEach(HeraldNode::close);
        redis.close();
    }

    @Test
    @Order(1)
    void aWatcherSeesASubscriptionStartAndEndAndTheApiListsIt() throws Exception {
        for (HeraldNode node : nodes) {
            try (SseConnection watcher = SseConnection.open(node.base().resolve("/.well-known/mercure?topic="
                    + encode(EVERY_SUBSCRIPTION)), Map.of("Authorization", "Bearer " + watcherToken))) {
                assertEquals(200, watcher.status(), node.toString());
                SseConnection alice = SseConnection.open(node.base().resolve("/.well-known/mercure?topic="
                        + encode(BOOKS)), Map.of("Authorization", "Bearer "
                        + Jwts.hs256WithPayload(KEY, List.of(), Map.of("user", "alice"))));
                assertEquals(200, alice.status(), node.toString());
                JsonObject started = json(watcher.next(event -> event.data() != null
                        && event.data().contains(BOOKS), WAIT).data());
                String subscriber = started.getString("subscriber");
                String id = PATH + "/" + Presence.encode(BOOKS) + "/" + Presence.encode(subscriber);
                assertEquals("https://mercure.rocks/", started.getString("@context"), node.toString());
                assertEquals(id, started.getString("id"), node.toString());
                assertEquals("Subscription", started.getString("type"), node.toString());
                assertEquals(BOOKS, started.getString("topic"), node.toString());
                assertTrue(started.getBoolean("active"), node.toString());
                assertEquals("alice", started.getJsonObject("payload").getString("user"), node.toString());

                HttpResponse<String> all = get(node, PATH, watcherToken);
                assertEquals(200, all.statusCode(), node + ": " + all.body());
                assertEquals("application/ld+json", all.headers().firstValue("Content-Type").orElse("")
                        .split(";")[0], node.toString());
                JsonObject collection = json(all.body());
                assertEquals("Subscriptions", collection.getString("type"), node.toString());
                assertEquals(PATH, collection.getString("id"), node.toString());
                assertFalse(collection.getString("lastEventID").isEmpty(), node.toString());
                assertTrue(collection.getJsonArray("subscriptions").stream()
                        .anyMatch(entry -> entry.asJsonObject().getString("id").equals(id)), node + ": " + all.body());

                JsonObject byTopic = json(get(node, PATH + "/" + Presence.encode(BOOKS), watcherToken).body());
                assertEquals(1, byTopic.getJsonArray("subscriptions").size(), node + ": " + byTopic);

                // The id as the event spelled it: selector and subscriber percent-encoded, '/' as %2F.
                HttpResponse<String> one = get(node, id, watcherToken);
                assertEquals(200, one.statusCode(), node + ": " + one.body());
                JsonObject single = json(one.body());
                assertEquals(subscriber, single.getString("subscriber"), node.toString());
                assertTrue(single.containsKey("lastEventID"), node.toString());

                alice.close();
                JsonObject ended = json(watcher.next(event -> event.data() != null && event.data().contains(id)
                        && event.data().contains("\"active\":false"), WAIT).data());
                assertEquals(subscriber, ended.getString("subscriber"), node.toString());
                assertEquals(404, get(node, id, watcherToken).statusCode(), node.toString());
            }
        }
    }

    @Test
    @Order(2)
    void theApiAnswersOnlyTokensWhoseSubscribeClaimMatchesTheUrl() throws Exception {
        for (HeraldNode node : nodes) {
            HttpResponse<String> anonymous = get(node, PATH, null);
            assertEquals(401, anonymous.statusCode(), node + ": " + anonymous.body());
            HttpResponse<String> forbidden = get(node, PATH, Jwts.hs256(KEY, List.of(), List.of(BOOKS), null));
            assertEquals(403, forbidden.statusCode(), node + ": " + forbidden.body());
            assertTrue(forbidden.body().contains("mercure.subscribe"), node + ": " + forbidden.body());
            String narrow = Jwts.hs256(KEY, List.of(), List.of(PATH + "/chat{/subscriber}"), null);
            assertEquals(200, get(node, PATH + "/chat", narrow).statusCode(), node.toString());
            assertEquals(403, get(node, PATH, narrow).statusCode(), node.toString());
        }
    }

    /** A page of an allowed origin may read the API with its cookie, as it may subscribe. */
    @Test
    @Order(3)
    void pagesOfAllowedOriginsMayAsk() throws Exception {
        for (HeraldNode node : nodes) {
            HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(node.base().resolve(PATH))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode(), node + ": " + preflight.body());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")
                    .contains("Authorization"), node.toString());
            HttpResponse<String> asked = HTTP.send(HttpRequest.newBuilder(node.base().resolve(PATH))
                    .header("Origin", ORIGIN).header("Authorization", "Bearer " + watcherToken).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, asked.statusCode(), node + ": " + asked.body());
            assertEquals(ORIGIN, asked.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                    node.toString());
            assertEquals("true", asked.headers().firstValue("Access-Control-Allow-Credentials").orElse(null),
                    node.toString());
            HttpResponse<String> stranger = HTTP.send(HttpRequest.newBuilder(node.base().resolve(PATH))
                    .header("Origin", "https://evil.example").header("Authorization", "Bearer " + watcherToken)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(stranger.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), node.toString());
        }
    }

    @Test
    @Order(4)
    void badRequestsAreRefusedWithWhatToFix() throws Exception {
        for (HeraldNode node : nodes) {
            HttpResponse<String> tooDeep = get(node, PATH + "/a/b/c", watcherToken);
            assertEquals(400, tooDeep.statusCode(), node + ": " + tooDeep.body());
            assertTrue(tooDeep.body().contains("%2F"), node + ": " + tooDeep.body());
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(node.base().resolve(PATH))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode(), node + ": " + post.body());
        }
    }

    /** Near the end: its subscriptions may outlive it by a heartbeat. */
    @Test
    @Order(5)
    void aLongListIsCutAtTheConfiguredMostAndSaysSo() throws Exception {
        for (HeraldNode node : nodes) {
            List<SseConnection> many = new ArrayList<>();
            try {
                for (int i = 0; i <= MAX_LISTED; i++) {
                    many.add(SseConnection.open(node.base().resolve("/.well-known/mercure?topic=many")));
                }
                JsonObject answer = json(get(node, PATH + "/many", watcherToken).body());
                assertEquals(MAX_LISTED, answer.getJsonArray("subscriptions").size(), node + ": " + answer);
                assertTrue(answer.getBoolean("truncated"), node + ": " + answer);
            } finally {
                many.forEach(SseConnection::close);
            }
        }
    }

    /** The page's card lists who was subscribed before it watched, and follows who comes and goes, in Chromium. */
    @Test
    @Order(6)
    void thePagesPresenceCardShowsWhoIsSubscribedLive() throws Exception {
        for (HeraldNode node : nodes) {
            ChromeDriver browser = Chromium.start();
            SseConnection carol = SseConnection.open(node.base().resolve("/.well-known/mercure?topic="
                    + encode(BOOKS)), Map.of("Authorization", "Bearer "
                    + Jwts.hs256WithPayload(KEY, List.of(), Map.of("user", "carol"))));
            try {
                browser.get(node.base().toString());
                browser.findElement(By.id("presence-token")).sendKeys(watcherToken);
                browser.findElement(By.id("presence-watch")).click();
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                wait.until(driver -> "open".equals(driver.findElement(By.id("presence-state"))
                        .getAttribute("data-state")));
                wait.until(driver -> rows(driver).stream().anyMatch(row -> row.get(0).equals(BOOKS)
                        && row.get(2).equals("{\"user\":\"carol\"}")));
                try (SseConnection dave = SseConnection.open(node.base().resolve("/.well-known/mercure?topic=chat"))) {
                    assertEquals(200, dave.status());
                    wait.until(driver -> rows(driver).stream().anyMatch(row -> row.get(0).equals("chat")));
                    carol.close();
                    wait.until(driver -> rows(driver).stream().noneMatch(row -> row.get(0).equals(BOOKS)));
                }
                wait.until(driver -> rows(driver).stream().noneMatch(row -> row.get(0).equals("chat")));
                assertEquals(String.valueOf(rows(browser).size()), browser.findElement(By.id("presence-count"))
                        .getText(), node.toString());
            } finally {
                carol.close();
                browser.quit();
            }
        }
    }

    /** The cells of the presence card's rows (selector, subscriber, payload), read in one step as rows come and go. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> rows(WebDriver browser) {
        return (List<List<String>>) ((JavascriptExecutor) browser).executeScript("return Array.from("
                + "document.querySelectorAll('#presence tr'), row => Array.from(row.cells, cell => cell.textContent))");
    }

    /**
     * One node lists the other's subscriptions, and when that node dies (SIGKILL: nothing of it runs any more), ends
     * them: its watchers see {@code active: false} within the bound docs/cluster.md gives. Last: it kills Payara.
     */
    @Test
    @Order(7)
    void whenANodeDiesTheOtherEndsItsSubscriptions() throws Exception {
        HeraldNode dying = nodes.get(0);
        HeraldNode surviving = nodes.get(1);
        try (SseConnection watcher = SseConnection.open(surviving.base().resolve("/.well-known/mercure?topic="
                + encode(EVERY_SUBSCRIPTION)), Map.of("Authorization", "Bearer " + watcherToken))) {
            SseConnection bob = SseConnection.open(dying.base().resolve("/.well-known/mercure?topic=" + encode(BOOKS)));
            assertEquals(200, bob.status());
            String subscriber = json(watcher.next(event -> event.data() != null && event.data().contains(BOOKS),
                    WAIT).data()).getString("subscriber");
            String id = PATH + "/" + Presence.encode(BOOKS) + "/" + Presence.encode(subscriber);
            HttpResponse<String> listed = get(surviving, id, watcherToken);
            assertEquals(200, listed.statusCode(), surviving + " lists what " + dying + " holds: " + listed.body());

            dying.kill();
            long killed = System.nanoTime();
            JsonObject ended = json(watcher.next(event -> event.data() != null && event.data().contains(id)
                    && event.data().contains("\"active\":false"), WAIT).data());
            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("PresenceIT: a dead node's subscription ended after " + took.toMillis() + " ms");
            // The bound is 5 s (docs/cluster.md); 2 s more for a loaded machine.
            assertTrue(took.compareTo(Duration.ofSeconds(7)) <= 0, "ended after " + took);
            assertEquals(subscriber, ended.getString("subscriber"));
            assertEquals(404, get(surviving, id, watcherToken).statusCode());
            bob.close();
        }
    }

    private static HttpResponse<String> get(HeraldNode node, String rawPath, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base().toString().replaceAll("/$", "")
                + rawPath));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
