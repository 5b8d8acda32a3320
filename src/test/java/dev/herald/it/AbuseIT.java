package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.RawHttp;
import dev.herald.testing.SseConnection;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hub against what one anonymous client can send with a socket and a few lines of code: requests that would make
 * it hold sockets, memory, threads or CPU, and requests that try to fool it. Each test fails on a hub without the
 * bound it checks; on both servers.
 */
class AbuseIT extends HubITSupport {

    private static final Duration AT_ONCE = Duration.ofSeconds(2);

    // ---- methods

    @Test
    void headAnswersTheHeadersOfAGetAndEndsWithoutSubscribing() throws Exception {
        int before = hubSubscribers();
        URI hub = query("topic", "head-" + System.nanoTime());
        for (int i = 0; i < 50; i++) {
            try (RawHttp head = RawHttp.connect(hub)) {
                String response = head.send("HEAD " + hub.getRawPath() + "?" + hub.getRawQuery() + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n")
                        .readToEnd(AT_ONCE);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.toLowerCase().contains("content-type: text/event-stream"), response);
            }
        }
        HttpResponse<Void> keptAlive = HTTP.send(HttpRequest.newBuilder(hub)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Last-Event-ID", "earliest").build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, keptAlive.statusCode());
        assertTrue(keptAlive.headers().firstValue("Last-Event-ID").isPresent());
        // At most: on WildFly, one server for the whole suite, an earlier test's subscriber may still be leaving.
        int after = hubSubscribers();
        assertTrue(after <= before, "a HEAD subscribes nothing: " + before + " subscribers before, " + after + " after");
    }

    @Test
    void methodsTheHubDoesNotSpeakGet405WithAllow() throws Exception {
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            // Grizzly refuses a DELETE with a body itself (400), so the DELETE goes without one.
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(hub())
                    .method(method, method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString("topic=x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertRefused(405, "POST", response);
            assertEquals("GET, HEAD, POST, OPTIONS", response.headers().firstValue("Allow").orElse(null), method);
        }
    }

    // ---- costly selectors

    @Test
    void selectorsBeyondTheLimitsAreRefusedNamingTheLimit() throws Exception {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            tooMany.add("topic");
            tooMany.add("t" + i);
        }
        assertRefused(400, "herald.subscription.max-selectors", get(query(tooMany.toArray(String[]::new)), Map.of()));
        assertRefused(400, "herald.selector.max-length",
                get(query("topic", "https://e.example/" + "x".repeat(1_024)), Map.of()));
        assertRefused(400, "herald.selector.max-expressions",
                get(query("topic", "https://e.example/" + "{+a}".repeat(11)), Map.of()));
    }

    @Test
    void asManyCostlySubscribersAsTheLimitsAllowLeavePublishingFast() throws Exception {
        String run = Long.toString(System.nanoTime());
        String prefix = "https://e.example/" + run + "/";
        List<SseConnection> costly = new ArrayList<>();
        try (SseConnection reader = subscribe(Map.of(), prefix + "plain")) {
            reader.next(WAIT);
            // 32 templates of 10 expressions each: as costly as the limits allow within the 8 KB request line
            // that Grizzly accepts (Undertow takes more; the hub's own limits are the same on both).
            for (int s = 0; s < 40; s++) {
                List<String> selectors = new ArrayList<>();
                for (int t = 0; t < 32; t++) {
                    selectors.add("topic");
                    selectors.add(prefix + "{+a}".repeat(10) + s + "-" + t);
                }
                long started = System.nanoTime();
                SseConnection subscriber = open(query(selectors.toArray(String[]::new)), Map.of());
                costly.add(subscriber);
                subscriber.next(WAIT);
                assertFalse(Duration.ofNanos(System.nanoTime() - started).compareTo(AT_ONCE) > 0,
                        "subscribing at the limits took over " + AT_ONCE);
            }
            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                String topic = prefix + "x/".repeat(40) + i;
                assertEquals(200, publish(PUBLISHER, "topic", topic, "topic", prefix + "plain").statusCode());
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(took.toMillis() < 1_000, "publish " + i + " took " + took);
            }
            assertEquals(20, reader.nextEvents(20, WAIT).size(), "the plain reader got every update");
        } finally {
            costly.forEach(SseConnection::close);
        }
    }

    // ---- slow bodies

    @Test
    void aPublishWithoutATokenIsRefusedBeforeItsBodyAndTheConnectionClosed() throws Exception {
        URI hub = hub();
        try (RawHttp dripping = RawHttp.connect(hub)) {
            dripping.send("POST " + hub.getRawPath() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nt");
            String response = dripping.awaitHeaders(AT_ONCE);
            assertTrue(response.startsWith("HTTP/1.1 401"), response);
            assertTrue(dripping.closesWithin(AT_ONCE), "the connection stays open for the rest of the body");
        }
    }

    @Test
    void hundredsOfDrippingBodiesDoNotDelayARealPublish() throws Exception {
        URI hub = hub();
        List<Socket> drippers = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                Socket socket = new Socket(hub.getHost(), hub.getPort());
                drippers.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + hub.getRawPath() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + PUBLISHER + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 1000\r\n\r\ntopic=").getBytes());
                out.flush();
            }
            long started = System.nanoTime();
            HttpResponse<String> real = publish(PUBLISHER, "topic", "real", "data", "x");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(200, real.statusCode(), real.body());
            assertTrue(took.compareTo(AT_ONCE) < 0, "a real publish took " + took);
        } finally {
            for (Socket socket : drippers) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeGets408() throws Exception {
        URI hub = hub();
        try (RawHttp slow = RawHttp.connect(hub)) {
            long started = System.nanoTime();
            slow.send("POST " + hub.getRawPath() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + PUBLISHER + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
                    + "topic=slow");
            String response = slow.awaitHeaders(PUBLISH_READ_TIMEOUT.plus(AT_ONCE));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(response.startsWith("HTTP/1.1 408"), response);
            assertTrue(took.compareTo(PUBLISH_READ_TIMEOUT.minusMillis(500)) > 0, "408 after only " + took);
            assertTrue(slow.closesWithin(AT_ONCE), "the connection stays open after the 408");
            assertTrue(slow.text().contains("herald.publish.read-timeout"), slow.text());
        }
    }

    // ---- replay and history

    @Test
    void manyEarliestSubscribersThatNeverReadHoldNoCopyOfTheHistory() throws Exception {
        String topic = "earliest-" + System.nanoTime();
        String payload = "x".repeat(64 * 1024);
        for (int i = 0; i < 300; i++) {
            assertEquals(200, publish(PUBLISHER, "topic", topic, "data", payload).statusCode());
        }
        int before = hubSubscribers();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                stalled.add(rawSubscriber(query("topic", topic, "lastEventID", "earliest")));
            }
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                assertEquals(200, publish(PUBLISHER, "topic", topic, "data", "still here").statusCode());
                assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(AT_ONCE) < 0);
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        awaitHubSubscribersAtMost(before, HEARTBEAT.plus(WRITE_TIMEOUT).plusSeconds(5));
        try (SseConnection reader = subscribe(Map.of("Last-Event-ID", "earliest"), topic)) {
            assertEquals(305, reader.nextEvents(305, WAIT).size(), "a reader that reads gets the whole history");
        }
    }

    @Test
    void theHistoryIsBoundedByBytesFramingIncluded() throws Exception {
        String topic = "line-feeds-" + System.nanoTime();
        // Raw line feeds need no escaping in a form: a 1 MB body frames to 7 MB, 100 of them to 700 MB.
        String body = "topic=" + topic + "&data=" + "\n".repeat(1_000_000);
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(hub())
                    .header("Authorization", "Bearer " + PUBLISHER)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "publish " + i + ": " + response.body());
        }
        try (SseConnection reader = subscribe(Map.of("Last-Event-ID", "earliest"), topic)) {
            reader.next(WAIT);
            HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(uri("api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), "the server lives on after 700 MB of framed line feeds");
        }
    }

    // ---- cross-site publishing with the cookie

    @Test
    void theCookieAuthorizesOnlyPublishesFromListedOrigins() throws Exception {
        Map<String, String> cookie = Map.of("Cookie", "mercureAuthorization=" + PUBLISHER);
        assertRefused(403, "herald.publish.origins", publishWith(with(cookie, "Origin", "https://evil.example"), null));
        assertRefused(403, "Origin or Referer", publishWith(cookie, null));
        assertRefused(403, "herald.publish.origins",
                publishWith(with(cookie, "Referer", "https://evil.example/page"), null));
        assertEquals(200, publishWith(with(cookie, "Origin", PUBLISH_ORIGIN), null).statusCode());
        assertEquals(200, publishWith(with(cookie, "Referer", PUBLISH_ORIGIN + "/page?x=1"), null).statusCode());
        assertEquals(200, publishWith(Map.of("Authorization", "Bearer " + PUBLISHER, "Origin", "https://evil.example"),
                null).statusCode(), "a bearer token is never sent by a browser on its own");
    }

    // ---- ids

    @Test
    void idsMustComeBackAsLastEventIdAndStayUnique() throws Exception {
        String topic = "ids-" + System.nanoTime();
        String id = topic + "-1";
        assertEquals(200, publish(PUBLISHER, "topic", topic, "id", id).statusCode());
        assertRefused(409, "still in the history", publish(PUBLISHER, "topic", "other", "id", id));
        assertRefused(400, "earliest", publish(PUBLISHER, "topic", topic, "id", "earliest"));
        assertRefused(400, "printable ASCII", publish(PUBLISHER, "topic", topic, "id", "caf\u00e9"));
        assertRefused(400, "space", publish(PUBLISHER, "topic", topic, "id", " padded"));
        assertRefused(400, "256", publish(PUBLISHER, "topic", topic, "id", "x".repeat(257)));
        String next = publish(PUBLISHER, "topic", topic, "data", "after").body();
        try (SseConnection resumed = subscribe(Map.of("Last-Event-ID", id), topic)) {
            assertEquals(next, resumed.nextEvents(1, WAIT).get(0).id(), "the first id kept its place");
        }
    }

    // ---- what anonymous subscribers may learn

    @Test
    void anonymousClientsLearnNoPrivateId() throws Exception {
        String topic = "secrets-" + System.nanoTime();
        String publicId = publish(PUBLISHER, "topic", topic, "data", "public").body();
        String privateId = publish(PUBLISHER, "topic", topic, "data", "secret", "private", "on").body();

        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(uri("api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(status.body().contains(privateId) || status.body().contains("lastEventId"), status.body());
        try (SseConnection anonymous = subscribe(Map.of("Last-Event-ID", privateId), topic)) {
            String current = anonymous.headers().firstValue("Last-Event-ID").orElseThrow();
            assertNotEquals(privateId, current, "the newest id it may see (the counter's, or " + publicId + ")");
            assertEquals("gap", anonymous.nextEvents(1, WAIT).get(0).event(),
                    "a private id is as unknown as one never published");
        }
    }

    // ---- malformed requests

    @Test
    void malformedRequestsGetA4xxThatSaysWhatToFix() throws Exception {
        URI hub = hub();
        try (RawHttp broken = RawHttp.connect(hub)) {
            String response = broken.send("GET " + hub.getRawPath() + "?topic=%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\nConnection: close\r\n\r\n").readToEnd(AT_ONCE);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            // Undertow (WildFly) refuses the broken escape itself, with an empty 400, before Herald sees the request.
            assertTrue(response.contains("%25") || response.contains("Content-Length: 0"), response);
        }
        assertRefused(415, "application/x-www-form-urlencoded", HTTP.send(HttpRequest.newBuilder(hub())
                .header("Authorization", "Bearer " + PUBLISHER)
                .header("Content-Type", "application/x-www-form-urlencodedXYZ")
                .POST(HttpRequest.BodyPublishers.ofString("topic=x")).build(), HttpResponse.BodyHandlers.ofString()));
        assertRefused(400, "%25", HTTP.send(HttpRequest.newBuilder(hub())
                .header("Authorization", "Bearer " + PUBLISHER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=x&data=%zz")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return more;
    }
}
