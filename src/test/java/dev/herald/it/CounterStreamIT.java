package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counter stream on a real Payara Micro, over real HTTP. */
class CounterStreamIT extends HeraldIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Jsonb JSON = JsonbBuilder.create();

    @Test
    void streamsJsonCountsOncePerSecond() {
        try (SseConnection connection = SseConnection.open(uri("api/counter"))) {
            assertEquals(200, connection.status());
            assertEquals("text/event-stream", connection.headers().firstValue("Content-Type").orElseThrow());
            String cacheControl = connection.headers().firstValue("Cache-Control").orElseThrow();
            assertTrue(cacheControl.contains("no-cache") && cacheControl.contains("no-store"), cacheControl);
            assertEquals("no", connection.headers().firstValue("X-Accel-Buffering").orElseThrow());

            SseEvent opening = connection.next(WAIT);
            assertTrue(opening.isComment(), "the stream opens with a comment: " + opening);

            List<SseEvent> events = connection.nextEvents(4, WAIT);
            List<Instant> stamps = new ArrayList<>();
            long first = count(events.get(0).id());
            for (int i = 0; i < events.size(); i++) {
                SseEvent event = events.get(i);
                assertEquals("count", event.event());
                assertEquals(3000L, event.retry(), "every event carries the reconnection hint");
                assertEquals(first + i, count(event.id()), "counts rise by exactly one");
                Map<?, ?> json = JSON.fromJson(event.data(), Map.class);
                assertEquals(first + i, ((Number) json.get("count")).longValue(), "id and count agree");
                stamps.add(Instant.parse((String) json.get("timestamp")));
            }
            for (int i = 1; i < stamps.size(); i++) {
                long gap = Duration.between(stamps.get(i - 1), stamps.get(i)).toMillis();
                assertTrue(gap > 800 && gap < 1200, "one tick per second, but " + gap + " ms passed");
            }
        }
    }

    @Test
    void twoSubscribersSeeTheSameCounts() {
        try (SseConnection one = SseConnection.open(uri("api/counter"));
             SseConnection two = SseConnection.open(uri("api/counter"))) {
            List<String> firstIds = ids(one.nextEvents(3, WAIT));
            List<String> secondIds = ids(two.nextEvents(3, WAIT));
            // The second may have joined a tick later; from the first shared count on, both see the same.
            long offset = count(secondIds.get(0)) - count(firstIds.get(0));
            assertTrue(offset == 0 || offset == 1, firstIds + " vs " + secondIds);
            List<String> more = ids(one.nextEvents((int) offset, WAIT));
            List<String> firstSeen = new ArrayList<>(firstIds);
            firstSeen.addAll(more);
            assertEquals(secondIds, firstSeen.subList((int) offset, (int) offset + 3));
        }
    }

    @Test
    void aReconnectGetsEveryMissedCountWithoutGaps() throws InterruptedException {
        String lastSeen;
        try (SseConnection connection = SseConnection.open(uri("api/counter"))) {
            lastSeen = connection.nextEvents(1, WAIT).get(0).id();
        }
        Thread.sleep(3_000);
        try (SseConnection reconnected = SseConnection.open(uri("api/counter"), Map.of("Last-Event-ID", lastSeen))) {
            List<SseEvent> events = reconnected.nextEvents(5, WAIT);
            long expected = count(lastSeen) + 1;
            for (SseEvent event : events) {
                assertEquals("count", event.event());
                assertEquals(expected++, count(event.id()), "replay then live, no gap: " + ids(events));
            }
        }
    }

    @Test
    void anIdFromAnEarlierStartOrMalformedIsSignalledAndTheLiveStreamFollows() {
        // After a redeploy the counter starts again at 1: an id of the earlier start (another epoch, or a bare count as
        // ids were before epochs) must not pass for a count of this one.
        Map<String, String> reasons = Map.of("aaaaaaaa-999999999", "restarted", "3", "restarted",
                "not-a-count", "malformed");
        for (String id : reasons.keySet()) {
            try (SseConnection connection = SseConnection.open(uri("api/counter"), Map.of("Last-Event-ID", id))) {
                assertEquals(200, connection.status(), "never an error that would stop a browser reconnecting");
                List<SseEvent> events = connection.nextEvents(2, WAIT);
                assertEquals("gap", events.get(0).event(), id);
                Map<?, ?> gap = JSON.fromJson(events.get(0).data(), Map.class);
                assertEquals(reasons.get(id), gap.get("reason"), id);
                assertEquals(id, gap.get("lastEventId"));
                assertEquals("count", events.get(1).event());
            }
        }
    }

    @Test
    void heartbeatsKeepAnIdleStreamTalking() {
        try (SseConnection connection = SseConnection.open(uri("api/counter"))) {
            SseEvent heartbeat = connection.next(event -> event.comments().contains("heartbeat"),
                    HeraldIT.HEARTBEAT.plusSeconds(3));
            assertTrue(heartbeat.isComment());
        }
    }

    @Test
    void clientsThatLeaveAreForgottenWithinOneHeartbeat() throws Exception {
        // Streams of the tests before may still be counted until the server next writes to them.
        assertEquals(0, subscribersAfter(HeraldIT.HEARTBEAT.multipliedBy(2)), "streams left by earlier tests");
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1_000; i++) {
                clients.add(rawStream(uri("api/counter"), 0));
            }
            for (Socket client : clients) {
                awaitFirstBytes(client);
            }
            assertEquals(1_000, status().get("counterSubscribers").intValue());
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        assertEquals(0, subscribersAfter(HeraldIT.HEARTBEAT),
                "subscribers left one heartbeat after 1,000 clients went away");
    }

    /** Polls the subscriber count until it reaches zero or {@code limit} has passed; returns the last count. */
    private int subscribersAfter(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int subscribers = status().get("counterSubscribers").intValue();
        while (subscribers > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            subscribers = status().get("counterSubscribers").intValue();
        }
        return subscribers;
    }

    @Test
    void statusReportsTheCountAndSubscribers() throws Exception {
        try (SseConnection connection = SseConnection.open(uri("api/counter"))) {
            long seen = count(connection.nextEvents(1, WAIT).get(0).id());
            Map<String, Number> status = status();
            assertTrue(status.get("count").longValue() >= seen, status.toString());
            assertTrue(status.get("counterSubscribers").intValue() >= 1, status.toString());
        }
    }

    @Test
    void badRequestsGetClearAnswers() throws Exception {
        HttpResponse<String> plain = get("api/counter", "*/*");
        assertEquals(406, plain.statusCode());
        assertTrue(plain.body().contains("Accept: text/event-stream"), plain.body());

        HttpResponse<String> json = get("api/counter", "application/json");
        assertEquals(406, json.statusCode());
        assertTrue(json.body().contains("text/event-stream"), json.body());

        assertEquals(404, get("api/no-such-thing", "*/*").statusCode());
        assertEquals(404, get("no-such-page.html", "*/*").statusCode());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Number> status() throws IOException, InterruptedException {
        HttpResponse<String> response = get("api/status", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        return JSON.fromJson(response.body(), Map.class);
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Accept", accept).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the stream's opening comment arrives, so the server has registered the client. */
    private static void awaitFirstBytes(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(": herald counter")) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new IOException("stream closed before it opened: " + seen);
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
        }
    }

    /** The count in an event id {@code <epoch>-<count>}. */
    private static long count(String id) {
        assertTrue(id.matches("[0-9a-z]{1,13}-\\d+"), "<epoch>-<count>: " + id);
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    private static List<String> ids(List<SseEvent> events) {
        return events.stream().map(SseEvent::id).toList();
    }
}
