package dev.herald.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.http.EventStreamFilter;
import dev.herald.http.NotAcceptableMapper;
import dev.herald.status.StatusResource;
import dev.herald.hub.Hub;
import dev.herald.transport.LocalTransport;
import dev.herald.testing.TestConfig;
import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counter's wire format over real HTTP, on Jersey and Grizzly in this process; ticks are driven by the test. */
class CounterResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Jsonb JSON = JsonbBuilder.create();

    private final HeraldConfig config = TestConfig.of(HeraldConfig.HISTORY_SIZE, "5");
    private final CounterStream stream = new CounterStream(config);
    private HttpServer server;
    private URI base;

    @BeforeEach
    void startServer() {
        ResourceConfig application = new ResourceConfig()
                .register(new CounterResource(stream))
                .register(new StatusResource(stream, new Hub(config, new LocalTransport(100, 1_000_000, Thread::new))))
                .register(EventStreamFilter.class)
                .register(NotAcceptableMapper.class);
        server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/api/"), application);
        base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort() + "/api/");
    }

    @AfterEach
    void stopServer() {
        stream.close();
        server.shutdownNow();
    }

    @Test
    void streamsCountsAsNamedEventsWithJsonData() {
        try (SseConnection connection = SseConnection.open(base.resolve("counter"))) {
            assertEquals(200, connection.status());
            assertEquals("text/event-stream", connection.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("private, no-cache, no-store, must-revalidate, max-age=0",
                    connection.headers().firstValue("Cache-Control").orElseThrow());
            assertEquals("no", connection.headers().firstValue("X-Accel-Buffering").orElseThrow());

            SseEvent opening = connection.next(WAIT);
            assertTrue(opening.isComment(), "the stream opens with a comment: " + opening);

            Count first = stream.tick();
            SseEvent event = connection.next(WAIT);
            assertEquals("count", event.event());
            assertEquals("1", event.id());
            assertEquals(3000L, event.retry(), "every event carries the reconnection hint");
            Map<?, ?> json = JSON.fromJson(event.data(), Map.class);
            assertEquals(List.of("count", "timestamp"), List.copyOf(json.keySet()));
            assertEquals(1, ((Number) json.get("count")).intValue());
            assertEquals(first.timestamp(), Instant.parse((String) json.get("timestamp")));
        }
    }

    @Test
    void aReconnectingClientGetsWhatItMissedThenTheLiveStream() {
        tick(4);
        try (SseConnection connection = SseConnection.open(base.resolve("counter"), Map.of("Last-Event-ID", "1"))) {
            assertEquals(List.of("2", "3", "4"), ids(connection.nextEvents(3, WAIT)));
            tick(1);
            assertEquals(List.of("5"), ids(connection.nextEvents(1, WAIT)));
        }
    }

    @Test
    void aMalformedIdIsSignalledThenTheStreamGoesOn() {
        tick(2);
        try (SseConnection connection = SseConnection.open(base.resolve("counter"), Map.of("Last-Event-ID", "abc"))) {
            SseEvent gap = connection.nextEvents(1, WAIT).get(0);
            assertEquals("gap", gap.event());
            assertEquals(3000L, gap.retry());
            assertNull(gap.id(), "a gap must not move the client's last event id");
            assertEquals(new Gap(Gap.MALFORMED, "abc", 1, 2), JSON.fromJson(gap.data(), Gap.class));
            tick(1);
            assertEquals(List.of("3"), ids(connection.nextEvents(1, WAIT)));
        }
    }

    @Test
    void anExpiredIdIsSignalledAndTheKeptCountsReplayed() {
        tick(8);
        try (SseConnection connection = SseConnection.open(base.resolve("counter"), Map.of("Last-Event-ID", "1"))) {
            List<SseEvent> events = connection.nextEvents(6, WAIT);
            assertEquals(new Gap(Gap.EXPIRED, "1", 4, 8), JSON.fromJson(events.get(0).data(), Gap.class));
            assertEquals(List.of("4", "5", "6", "7", "8"), ids(events.subList(1, 6)));
        }
    }

    @Test
    void heartbeatsAreComments() {
        try (SseConnection connection = SseConnection.open(base.resolve("counter"))) {
            connection.next(WAIT);
            stream.heartbeat();
            SseEvent heartbeat = connection.next(WAIT);
            assertTrue(heartbeat.isComment(), heartbeat.toString());
            assertEquals(List.of("heartbeat"), heartbeat.comments());
        }
    }

    @Test
    void aStreamRequestWithoutTheEventStreamAcceptIsRefusedWithAHint() throws Exception {
        for (String accept : List.of("*/*", "application/json", "text/html")) {
            HttpResponse<String> response = get("counter", accept);
            assertEquals(406, response.statusCode(), accept);
            assertTrue(response.body().contains("Accept: text/event-stream"), response.body());
        }
    }

    @Test
    void statusReportsTheCountAndTheSubscribers() throws Exception {
        tick(3);
        try (SseConnection connection = SseConnection.open(base.resolve("counter"))) {
            connection.next(WAIT);
            HttpResponse<String> response = get("status", "application/json");
            assertEquals(200, response.statusCode());
            Map<?, ?> status = JSON.fromJson(response.body(), Map.class);
            assertEquals(3, ((Number) status.get("count")).intValue());
            assertEquals(1, ((Number) status.get("counterSubscribers")).intValue());
            assertEquals(0, ((Number) status.get("hubSubscribers")).intValue());
            assertEquals(Set.of("count", "counterSubscribers", "hubSubscribers"), status.keySet(),
                    "anyone may read the status: it names no update ids");
        }
    }

    private void tick(int times) {
        for (int i = 0; i < times; i++) {
            stream.tick();
        }
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Accept", accept).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(List<SseEvent> events) {
        return events.stream().map(SseEvent::id).toList();
    }
}
