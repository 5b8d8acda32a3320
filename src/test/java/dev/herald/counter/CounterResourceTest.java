package dev.herald.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.http.EventStreamFilter;
import dev.herald.http.NotAcceptableMapper;
import dev.herald.hub.Hub;
import dev.herald.status.StatusResource;
import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import dev.herald.testing.TestConfig;
import dev.herald.transport.LocalTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
    private static final Instant STARTED = Instant.parse("2025-11-23T20:41:16.542Z");

    private final ExecutorService writers = Executors.newCachedThreadPool();
    private HeraldConfig config = TestConfig.of(HeraldConfig.HISTORY_SIZE, "5");
    private CounterStream stream;
    private HttpServer server;
    private URI base;

    @BeforeEach
    void startServer() throws IOException {
        start(config, 0);
    }

    /** @param sendBuffer the server sockets' SO_SNDBUF, so that a client that does not read stalls it soon; 0: default */
    private void start(HeraldConfig settings, int sendBuffer) throws IOException {
        config = settings;
        stream = new CounterStream(config, Clock.fixed(STARTED, ZoneOffset.UTC), writers);
        Hub hub = new Hub(config, new LocalTransport(100, 1_000_000, Thread::new),
                new SimpleMeterRegistry());
        ResourceConfig application = new ResourceConfig()
                .register(new CounterResource(stream))
                .register(new StatusResource(stream, new CounterTicker(stream, hub, config), hub))
                .register(EventStreamFilter.class)
                .register(NotAcceptableMapper.class);
        server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/api/"), application, false);
        if (sendBuffer > 0) {
            server.getListener("grizzly").getTransport().setWriteBufferSize(sendBuffer);
        }
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort() + "/api/");
    }

    @AfterEach
    void stopServer() {
        stream.close();
        server.shutdownNow();
        writers.shutdownNow();
    }

    private void restart(HeraldConfig settings, int sendBuffer) throws IOException {
        stopServerOnly();
        start(settings, sendBuffer);
    }

    private void stopServerOnly() {
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
            assertEquals(id(1), event.id(), "<epoch>-<count>");
            assertEquals("mic6nugu-1", event.id(), "the epoch is the start time in milliseconds, in base 36");
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
        try (SseConnection connection = SseConnection.open(base.resolve("counter"), Map.of("Last-Event-ID", id(1)))) {
            assertEquals(List.of(id(2), id(3), id(4)), ids(connection.nextEvents(3, WAIT)));
            tick(1);
            assertEquals(List.of(id(5)), ids(connection.nextEvents(1, WAIT)));
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
            assertEquals(List.of(id(3)), ids(connection.nextEvents(1, WAIT)));
        }
    }

    @Test
    void anExpiredIdIsSignalledAndTheKeptCountsReplayed() {
        tick(8);
        try (SseConnection connection = SseConnection.open(base.resolve("counter"), Map.of("Last-Event-ID", id(1)))) {
            List<SseEvent> events = connection.nextEvents(6, WAIT);
            assertEquals(new Gap(Gap.EXPIRED, id(1), 4, 8), JSON.fromJson(events.get(0).data(), Gap.class));
            assertEquals(List.of(id(4), id(5), id(6), id(7), id(8)), ids(events.subList(1, 6)));
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
            assertEquals("local", status.get("transport"));
            assertEquals(0, ((Number) status.get("followLagEntries")).intValue());
            assertEquals(true, status.get("transportConnected"));
            assertEquals(true, status.get("counterLease"), "a server alone is the one that ticks");
            assertEquals(0, ((Number) status.get("deliveries")).intValue(), "no hub subscriber was written to");
            assertEquals(Set.of("count", "counterSubscribers", "hubSubscribers", "transport", "followLagEntries",
                    "followLagMillis", "transportConnected", "counterLease", "deliveries"), status.keySet(),
                    "anyone may read the status: it names no update ids");
        }
    }

    @Test
    void aClientThatLeavesDuringItsReplayCostsAtMostOneQuietLine() throws Exception {
        restart(TestConfig.of(HeraldConfig.HISTORY_SIZE, "20000"), 4096);
        tick(20_000);
        try (LogRecords logs = LogRecords.capture()) {
            try (Socket client = rawStream(Map.of("Last-Event-ID", id(1)))) {
                byte[] some = new byte[512];
                assertTrue(client.getInputStream().read(some) > 0);
                client.setSoLinger(true, 0); // leave at once, with a reset, while the replay is being written
            }
            awaitSubscribers(0);
            tick(1); // the counter goes on
            // Grizzly-hosted Jersey itself logs the first failed write of a ChunkedOutput (ServerRuntime$Responder);
            // what Herald controls is that nothing is thrown out of it, and that it says so once, quietly.
            assertEquals(List.of(), logs.thrown(IllegalStateException.class), "nothing thrown at a departing client");
            assertEquals(List.of(), logs.from("dev.herald", Level.INFO), "a departing client is normal");
            assertTrue(logs.from("dev.herald", Level.FINEST).size() <= 1, "one quiet line at most: "
                    + logs.from("dev.herald", Level.FINEST));
        }
    }

    /** A stream request on a plain socket that reads nothing by itself, with a small receive buffer. */
    private Socket rawStream(Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        socket.setSoTimeout((int) WAIT.toMillis());
        StringBuilder request = new StringBuilder("GET " + base.getPath() + "counter HTTP/1.1\r\nHost: "
                + base.getHost() + "\r\nAccept: text/event-stream\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private void awaitSubscribers(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stream.subscribers() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, stream.subscribers(), "subscribers");
    }

    /** Every log record of this JVM while open, FINE ones of Herald's counter included. */
    private static final class LogRecords extends Handler implements AutoCloseable {
        private static final Logger ROOT = Logger.getLogger("");
        private static final Logger COUNTER = Logger.getLogger("dev.herald.counter");
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Level counterLevel = COUNTER.getLevel();

        static LogRecords capture() {
            LogRecords handler = new LogRecords();
            handler.setLevel(Level.ALL);
            COUNTER.setLevel(Level.FINE);
            ROOT.addHandler(handler);
            return handler;
        }

        List<String> thrown(Class<? extends Throwable> type) {
            return records.stream().filter(r -> type.isInstance(r.getThrown()))
                    .map(r -> r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown()).toList();
        }

        List<String> from(String prefix, Level atLeast) {
            return records.stream().filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith(prefix))
                    .filter(r -> r.getLevel().intValue() >= atLeast.intValue())
                    .map(r -> r.getLevel() + " " + r.getMessage()).toList();
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            ROOT.removeHandler(this);
            COUNTER.setLevel(counterLevel);
        }
    }

    /** The id of count {@code n}: the epoch is the start time, in milliseconds, in base 36. */
    private static String id(long n) {
        return Long.toString(STARTED.toEpochMilli(), 36) + "-" + n;
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
