package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The counter's slow-client limits on a real server: a client that never reads must not be kept, nor keep its
 * connection, nor delay anyone. At one count a second a counter stream carries about 110 bytes a second, so a client
 * that never reads would take hours to fill the buffers between it and the server: this deployment counts every
 * millisecond instead (its own {@code microprofile-config.properties}), which is why it is not part of
 * {@link CounterStreamIT}, whose counter must tick once a second.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CounterStallIT {

    private static final Logger LOG = Logger.getLogger(CounterStallIT.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long the stalled client may take, from its connection, to fill the buffers and be dropped. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Jsonb JSON = JsonbBuilder.create();

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    public static WebArchive war() {
        return HeraldIT.war().addAsResource(new StringAsset("""
                herald.counter.period=1ms
                herald.queue.size=2000
                """), "META-INF/microprofile-config.properties");
    }

    @Test
    void aClientThatNeverReadsIsClosedAndDelaysNoOne() throws Exception {
        assertEquals(0, subscribers(), "no counter client yet");
        long started = System.nanoTime();
        try (Socket stalled = HeraldIT.rawStream(URI.create(base.toExternalForm()).resolve("api/counter"), 4096);
             SseConnection reader = SseConnection.open(uri("api/counter"))) {
            awaitOpening(stalled.getInputStream());
            assertEquals("count", reader.next(event -> "count".equals(event.event()), WAIT).event());
            long deadline = started + LIMIT.toNanos();
            int subscribers = subscribers();
            while (subscribers > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                subscribers = subscribers();
            }
            Duration dropped = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("The never-reading counter client was dropped " + dropped.toMillis() + " ms after it connected");
            assertEquals(1, subscribers, "the never-reading client is dropped within " + LIMIT + ", the reader stays");

            // The reader is not held up: it gets counts made after the drop, in order.
            long now = status().get("count").longValue();
            SseEvent recent = reader.next(event -> event.id() != null && count(event.id()) >= now, WAIT);
            assertTrue(count(recent.id()) >= now, "the reader got count " + now + ": " + recent);

            // Dropped means closed: once the client reads what reached it, its stream ends.
            Duration closedAfter = awaitEnd(stalled.getInputStream(), WAIT);
            LOG.info("Its stream ended " + closedAfter.toMillis() + " ms after the test began to read it");
        }
    }

    /** Reads up to the end of the opening comment, and not a byte more. */
    private static void awaitOpening(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().endsWith(": herald counter\n\n")) {
            int read = in.read();
            if (read < 0) {
                throw new IOException("stream closed before it opened: " + seen);
            }
            seen.append((char) read);
        }
    }

    /**
     * Reads until the response ends: its last chunk (the connection may stay open for another request) or the end of
     * the connection. Fails if neither came and nothing was read for {@code quiet}.
     */
    private static Duration awaitEnd(InputStream in, Duration quiet) throws IOException {
        long started = System.nanoTime();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        String tail = "";
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
                tail = (tail + new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                tail = tail.substring(Math.max(0, tail.length() - 16));
                if (tail.endsWith("\r\n0\r\n\r\n")) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            fail("the dropped client's stream is still open: nothing for " + quiet + " after " + total + " bytes");
        } catch (IOException e) {
            // A reset ends it too.
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private int subscribers() throws IOException, InterruptedException {
        return status().get("counterSubscribers").intValue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Number> status() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("api/status")).header("Accept", "application/json").build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.fromJson(response.body(), Map.class);
    }

    private URI uri(String path) {
        return URI.create(base.toExternalForm()).resolve(path);
    }

    private static long count(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
