package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Jwts;
import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Mercure hub on a real Payara Micro: publishing, subscribing, authorization, replay and isolation. */
class HubIT extends HubITSupport {

    // ---- discovery and the stream itself

    @Test
    void everyResponseAdvertisesTheHub() throws Exception {
        String expected = "<" + URI.create(base.toExternalForm()).getPath() + ".well-known/mercure>; rel=\"mercure\"";
        for (String path : List.of("", "api/status")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, response.headers().firstValue("Link").orElse(null), path);
        }
    }

    @Test
    void aPublishedUpdateArrivesWithEveryField() throws Exception {
        String topic = "https://example.com/books/" + System.nanoTime();
        try (SseConnection subscriber = subscribe(Map.of(), topic)) {
            assertEquals(200, subscriber.status());
            assertEquals("text/event-stream", subscriber.headers().firstValue("Content-Type").orElseThrow()
                    .replace(";charset=UTF-8", ""));
            assertEquals("private, no-cache, no-store, must-revalidate, max-age=0",
                    subscriber.headers().firstValue("Cache-Control").orElseThrow());
            assertEquals("no", subscriber.headers().firstValue("X-Accel-Buffering").orElseThrow());
            SseEvent opening = subscriber.next(WAIT);
            assertTrue(opening.isComment() && opening.retry() == 3000L, opening.toString());

            String data = "line one\n\nline three, after a blank line\r\nline four";
            HttpResponse<String> published = publish(PUBLISHER, "topic", topic, "data", data, "id", "book-1",
                    "type", "book", "retry", "4000");
            assertEquals(200, published.statusCode(), published.body());
            assertEquals("text/plain", published.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
            assertEquals("book-1", published.body());

            SseEvent event = subscriber.nextEvents(1, WAIT).get(0);
            assertEquals("book-1", event.id());
            assertEquals("book", event.event());
            assertEquals(4000L, event.retry());
            assertEquals("line one\n\nline three, after a blank line\nline four", event.data(),
                    "each line break becomes a data line; EventSource joins them with LF");
        }
    }

    @Test
    void aGeneratedIdIsAUrnUuid() throws Exception {
        HttpResponse<String> published = publish(PUBLISHER, "topic", "t", "data", "x");
        assertEquals(200, published.statusCode());
        assertTrue(published.body().matches("urn:uuid:[0-9a-f-]{36}"), published.body());
    }

    @Test
    void theCounterIsPublishedOnItsTopic() {
        try (SseConnection subscriber = subscribe(Map.of(), "urn:herald:counter")) {
            SseEvent count = subscriber.nextEvents(1, WAIT).get(0);
            assertTrue(count.id().startsWith("urn:uuid:"), count.id());
            assertTrue(count.data().matches("\\{\"count\":\\d+,\"timestamp\":\"[^\"]+\"}"), count.data());
        }
    }

    @Test
    void onlyListedOriginsMayUseTheHubWithCredentials() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(hub())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("https://app.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("true", preflight.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));

        HttpResponse<String> stranger = publishWith(Map.of("Origin", "https://evil.example"), null);
        assertEquals(401, stranger.statusCode());
        assertFalse(stranger.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    // ---- topic selection: Mercure's conformance cases

    @Test
    void subscribersGetExactlyTheTopicsTheySelected() throws Exception {
        String run = Long.toString(System.nanoTime());
        String iri = "https://example.com/" + run + "/books/1";
        try (SseConnection exact = subscribe(Map.of(), "exact-" + run);
             SseConnection iriOnly = subscribe(Map.of(), iri);
             SseConnection template = subscribe(Map.of(), "https://example.com/" + run + "/books/{id}");
             SseConnection several = subscribe(Map.of(), "exact-" + run, "https://example.com/" + run + "/authors/1")) {
            publish(PUBLISHER, "topic", "exact-" + run, "id", run + "-exact");
            publish(PUBLISHER, "topic", "other-" + run, "id", run + "-other-string");
            publish(PUBLISHER, "topic", iri, "id", run + "-iri");
            publish(PUBLISHER, "topic", "https://example.com/" + run + "/books/2", "id", run + "-template");
            publish(PUBLISHER, "topic", "https://example.com/" + run + "/authors/2", "id", run + "-other-iri");
            publish(PUBLISHER, "topic", "https://example.com/" + run + "/books/1/reviews", "id", run + "-deeper");
            publish(PUBLISHER, "topic", "https://example.com/canonical/" + run,
                    "topic", "https://example.com/" + run + "/authors/1", "id", run + "-alternate");
            String end = run + "-end";
            publish(PUBLISHER, "topic", "exact-" + run, "topic", iri,
                    "topic", "https://example.com/" + run + "/authors/1", "id", end);

            assertEquals(List.of(run + "-exact", end), idsUntil(exact, end));
            assertEquals(List.of(run + "-iri", end), idsUntil(iriOnly, end));
            assertEquals(List.of(run + "-iri", run + "-template", end), idsUntil(template, end));
            assertEquals(List.of(run + "-exact", run + "-alternate", end), idsUntil(several, end));
        }
    }

    // ---- private updates and tokens

    @Test
    void privateUpdatesReachOnlySubscribersWhoseTokenAllowsTheirTopic() throws Exception {
        String run = Long.toString(System.nanoTime());
        String topic = "https://example.com/" + run + "/orders/1";
        String allowed = Jwts.hs256(HeraldIT.KEY, List.of(), List.of("https://example.com/" + run
                + "/orders/{id}"), null);
        String elsewhere = Jwts.hs256(HeraldIT.KEY, List.of(), List.of("https://example.com/other"), null);
        try (SseConnection anonymous = subscribe(Map.of(), topic);
             SseConnection byHeader = subscribe(Map.of("Authorization", "Bearer " + allowed), topic);
             SseConnection byCookie = subscribe(Map.of("Cookie", "mercureAuthorization=" + allowed), topic);
             SseConnection byQuery = open(query("topic", topic, "authorization", allowed), Map.of());
             SseConnection wrongClaim = subscribe(Map.of("Authorization", "Bearer " + elsewhere), topic)) {
            publish(PUBLISHER, "topic", topic, "private", "on", "id", run + "-private");
            publish(PUBLISHER, "topic", topic, "id", run + "-public");
            String end = run + "-public";
            assertEquals(List.of(end), idsUntil(anonymous, end));
            assertEquals(List.of(run + "-private", end), idsUntil(byHeader, end));
            assertEquals(List.of(run + "-private", end), idsUntil(byCookie, end));
            assertEquals(List.of(run + "-private", end), idsUntil(byQuery, end));
            assertEquals(List.of(end), idsUntil(wrongClaim, end));
        }
    }

    @Test
    void theHeaderTokenWinsOverTheQueryWhichWinsOverTheCookie() throws Exception {
        String valid = PUBLISHER;
        String invalid = "not-a-token";
        assertEquals(200, publishWith(Map.of("Authorization", "Bearer " + valid), "authorization=" + invalid).statusCode());
        assertEquals(401, publishWith(Map.of("Authorization", "Bearer " + invalid), "authorization=" + valid).statusCode());
        assertEquals(200, publishWith(Map.of("Cookie", "mercureAuthorization=" + invalid), "authorization=" + valid)
                .statusCode());
        assertEquals(401, publishWith(Map.of("Cookie", "mercureAuthorization=" + valid), "authorization=" + invalid)
                .statusCode());
        assertEquals(200, publishWith(Map.of("Cookie", "mercureAuthorization=" + valid, "Origin", PUBLISH_ORIGIN),
                null).statusCode());
    }

    @Test
    void aSubscriptionEndsWhenItsTokenExpires() throws Exception {
        Instant expiry = Instant.now().plusSeconds(3);
        String token = Jwts.hs256(HeraldIT.KEY, List.of(), List.of("*"), expiry);
        try (SseConnection subscriber = subscribe(Map.of("Authorization", "Bearer " + token), "expiring")) {
            subscriber.next(WAIT);
            AssertionError ended = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> subscriber.next(event -> false, Duration.ofSeconds(8)));
            assertEquals("the stream ended", ended.getMessage());
            long late = Duration.between(expiry, Instant.now()).toMillis();
            assertTrue(late < 2_000, "the stream ended " + late + " ms after the token expired");
        }
    }

    // ---- history and reconciliation

    @Test
    void aReconnectReplaysWhatWasMissedFromAnIdOrFromTheEarliest() throws Exception {
        String topic = "replay-" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publish(PUBLISHER, "topic", topic, "data", "update " + i).body());
        }
        try (SseConnection fromId = subscribe(Map.of("Last-Event-ID", ids.get(1)), topic)) {
            // The newest id the hub holds: the last update above, or a count the counter published on the hub since.
            String newest = fromId.headers().firstValue("Last-Event-ID").orElse("");
            assertFalse(newest.isEmpty() || ids.subList(0, 4).contains(newest),
                    "the response names the newest id the hub holds, not " + newest);
            assertEquals(ids.subList(2, 5), ids(fromId.nextEvents(3, WAIT)));
        }
        try (SseConnection byQuery = open(query("topic", topic, "lastEventID", ids.get(3)), Map.of())) {
            assertEquals(ids.subList(4, 5), ids(byQuery.nextEvents(1, WAIT)));
        }
        try (SseConnection headerWins = open(query("topic", topic, "lastEventID", ids.get(0)),
                Map.of("Last-Event-ID", ids.get(3)))) {
            assertEquals(ids.subList(4, 5), ids(headerWins.nextEvents(1, WAIT)));
        }
        try (SseConnection earliest = subscribe(Map.of("Last-Event-ID", "earliest"), topic)) {
            assertEquals(ids, ids(earliest.nextEvents(5, WAIT)));
        }
    }

    @Test
    void anUnknownIdIsSignalledInsteadOfSilentlyIgnored() throws Exception {
        try (SseConnection subscriber = subscribe(Map.of("Last-Event-ID", "urn:uuid:never-published"), "t")) {
            assertEquals(200, subscriber.status());
            SseEvent gap = subscriber.nextEvents(1, WAIT).get(0);
            assertEquals("gap", gap.event());
            assertEquals("{\"lastEventId\":\"urn:uuid:never-published\",\"reason\":\"unknown\"}", gap.data());
        }
    }

    // ---- bad input

    @Test
    void badSubscriptionsAreRefusedWithAReason() throws Exception {
        HttpResponse<String> noTopic = get(uri(".well-known/mercure"), Map.of());
        assertEquals(400, noTopic.statusCode());
        assertTrue(noTopic.body().contains("topic"), noTopic.body());

        HttpResponse<String> badToken = get(query("topic", "t"), Map.of("Authorization", "Bearer garbage"));
        assertEquals(401, badToken.statusCode());
        assertTrue(badToken.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
    }

    @Test
    void badPublicationsAreRefusedAndNothingIsPublished() throws Exception {
        String topic = "bad-input-" + System.nanoTime();
        try (SseConnection subscriber = subscribe(Map.of(), topic)) {
            assertRefused(400, "topic", publish(PUBLISHER, "data", "no topic"));
            assertRefused(400, "#", publish(PUBLISHER, "topic", topic, "id", "#1"));
            assertRefused(400, "printable ASCII", publish(PUBLISHER, "topic", topic, "id", "a\nevent: injected"));
            assertRefused(400, "line breaks", publish(PUBLISHER, "topic", topic, "type", "a\r\ndata: injected"));
            assertRefused(400, "retry", publish(PUBLISHER, "topic", topic, "retry", "soon"));
            assertRefused(400, "retry", publish(PUBLISHER, "topic", topic, "retry", "-5"));
            assertRefused(413, "1048576", publish(PUBLISHER, "topic", topic, "data", "x".repeat(1_048_577)));
            assertRefused(415, "application/x-www-form-urlencoded", HTTP.send(HttpRequest.newBuilder(hub())
                    .header("Authorization", "Bearer " + PUBLISHER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"" + topic + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));

            HttpResponse<String> missing = publish(null, "topic", topic);
            assertRefused(401, "token", missing);
            assertEquals("Bearer realm=\"herald\"", missing.headers().firstValue("WWW-Authenticate").orElseThrow());
            HttpResponse<String> expired = publish(Jwts.hs256(HeraldIT.KEY, List.of("*"), List.of(),
                    Instant.now().minusSeconds(10)), "topic", topic);
            assertRefused(401, "expired", expired);
            assertTrue(expired.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
            HttpResponse<String> wrongClaim = publish(Jwts.hs256(HeraldIT.KEY, List.of("https://example.com/{id}"),
                    List.of(), null), "topic", topic);
            assertRefused(403, "mercure.publish", wrongClaim);
            assertTrue(wrongClaim.headers().firstValue("WWW-Authenticate").orElseThrow().contains("insufficient_scope"));

            String end = publish(PUBLISHER, "topic", topic, "data", "the only good one").body();
            assertEquals(List.of(end), idsUntil(subscriber, end), "nothing from the refused requests was published");
        }
    }

    // ---- isolation and scale

    @Test
    void aSubscriberThatNeverReadsDelaysNoOneAndIsDisconnected() throws Exception {
        String topic = "slow-" + System.nanoTime();
        int before = hubSubscribers();
        try (Socket stalled = rawSubscriber(topic);
             SseConnection reader = subscribe(Map.of(), topic)) {
            awaitOpening(stalled.getInputStream());
            reader.next(WAIT);
            String payload = "x".repeat(64 * 1024);
            long started = System.nanoTime();
            String last = null;
            for (int i = 0; i < 300; i++) {
                last = publish(PUBLISHER, "topic", topic, "data", payload).body();
            }
            assertEquals(300, idsUntil(reader, last).size(), "the reader got every update");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.toSeconds() < 20, "the reader got 300 updates in " + took);
            // the stalled subscriber is gone, the reader stays
            awaitHubSubscribersAtMost(before + 1, HeraldIT.WRITE_TIMEOUT.plusSeconds(5));
        }
    }

    /**
     * Found by the idle probe (herald.idle-probe, 1 s), not by the heartbeat (5 s here, 15 s by default): clients that
     * closed their sockets, half of them with a reset, are let go within 5 s.
     */
    @Test
    void subscribersThatLeaveAreLetGoWithinFiveSeconds() throws Exception {
        String topic = "leaving-" + System.nanoTime();
        int before = hubSubscribers();
        List<Socket> leaving = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            leaving.add(rawSubscriber(topic));
        }
        for (Socket socket : leaving) {
            awaitOpening(socket.getInputStream());
        }
        // Quiet for longer than a probe, so that the departure falls between two of them.
        Thread.sleep(1_500);
        long left = System.nanoTime();
        for (int i = 0; i < leaving.size(); i++) {
            if (i % 2 == 0) {
                leaving.get(i).setSoLinger(true, 0);
            }
            leaving.get(i).close();
        }
        awaitHubSubscribersAtMost(before, Duration.ofSeconds(5));
        System.out.printf("%d subscribers that left were let go after %d ms%n", leaving.size(),
                Duration.ofNanos(System.nanoTime() - left).toMillis());
    }

    @Test
    void aThousandSubscribersAllGetAHundredUpdatesInOrder() throws Exception {
        String topic = "crowd-" + System.nanoTime();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 1_000; i++) {
                sockets.add(rawSubscriber(topic));
            }
            for (Socket socket : sockets) {
                awaitOpening(socket.getInputStream());
            }
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                published.add(publish(PUBLISHER, "topic", topic, "data", "update " + i).body());
            }
            Pattern id = Pattern.compile("^id: (.*)$", Pattern.MULTILINE);
            for (Socket socket : sockets) {
                List<String> received = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[16 * 1024];
                while (received.size() < 100) {
                    int read = in.read(buffer);
                    assertTrue(read > 0, "stream ended after " + received.size() + " updates");
                    text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    int complete = text.lastIndexOf("\n\n");
                    if (complete >= 0) {
                        Matcher matcher = id.matcher(text.substring(0, complete));
                        while (matcher.find()) {
                            received.add(matcher.group(1));
                        }
                        text.delete(0, complete + 2);
                    }
                }
                assertEquals(published, received);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
