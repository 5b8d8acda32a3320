package dev.herald.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A Server-Sent Events client for tests: reads the stream on its own thread and parses it as the HTML spec says. */
public final class SseConnection implements AutoCloseable {

    // HTTP/1.1 as browsers speak it to a plain-http server; the default would ask to upgrade to h2c.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final SseEvent END = new SseEvent(null, null, null, null, List.of());

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();

    private SseConnection(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "sse-reader " + response.uri());
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code uri} with {@code Accept: text/event-stream} and the given extra headers. */
    public static SseConnection open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseConnection(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static SseConnection open(URI uri) {
        return open(uri, Map.of());
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The next block of the stream, comments included; fails if none arrives within {@code timeout}. */
    public SseEvent next(Duration timeout) {
        SseEvent event = nextOrEnd(timeout);
        if (event == null) {
            throw new AssertionError("the stream ended");
        }
        return event;
    }

    /**
     * The next block of the stream, comments included, or {@code null} once the stream has ended (for a client that
     * then reconnects); fails if neither happens within {@code timeout}.
     */
    public SseEvent nextOrEnd(Duration timeout) {
        try {
            SseEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout);
            }
            return event == END ? null : event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next block that {@code wanted} accepts, skipping others; fails if none arrives within {@code timeout}. */
    public SseEvent next(Predicate<SseEvent> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SseEvent event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** The next {@code count} events with data, skipping comments. */
    public List<SseEvent> nextEvents(int count, Duration timeout) {
        List<SseEvent> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            received.add(next(event -> !event.isComment(),
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
        }
        return received;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // Closing a stream that the server already closed; nothing left to release.
        }
    }

    private void read() {
        if (response.statusCode() != 200) {
            events.add(END); // an error page, not an event stream: nothing in it to read as events
            return;
        }
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Block block = new Block();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!block.isEmpty()) {
                        events.add(block.toEvent());
                    }
                    block = new Block();
                } else {
                    block.add(line);
                }
            }
        } catch (IOException e) {
            // The test closed the connection, or the server did: either way the stream has ended.
        } finally {
            events.add(END);
        }
    }

    /** The fields of one block as they accumulate, line by line. */
    private static final class Block {
        private String id;
        private String event;
        private StringBuilder data;
        private Long retry;
        private final List<String> comments = new ArrayList<>();

        void add(String line) {
            if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "retry" -> retry = Long.parseLong(value);
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> throw new AssertionError("unknown field in line: " + line);
            }
        }

        boolean isEmpty() {
            return id == null && event == null && data == null && retry == null && comments.isEmpty();
        }

        SseEvent toEvent() {
            return new SseEvent(id, event, data == null ? null : data.toString(), retry, List.copyOf(comments));
        }
    }
}
