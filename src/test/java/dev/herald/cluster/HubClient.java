package dev.herald.cluster;

import dev.herald.testing.Jwts;
import dev.herald.testing.SseConnection;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node's HTTP API as the cluster tests use it: publishing to the hub with a publisher's token, subscribing to a
 * topic, and reading {@code /api/status}. Every request has a deadline, so that a node that hangs fails a test rather
 * than stalling it.
 */
final class HubClient {

    /** Far longer than any answer should take; a publish's own bound is for the test to assert. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final String PUBLISHER = Jwts.hs256(NodeSettings.PUBLISHER_KEY, List.of("*"), List.of(), null);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A publish's answer, and how long it took to come. */
    record Answer(int status, String body, Optional<String> retryAfter, Duration took) {
    }

    private final URI base;

    HubClient(URI base) {
        this.base = base;
    }

    /** Publishes {@code data} to {@code topic} under {@code id}; a network failure is thrown, not answered. */
    Answer publish(String topic, String id, String data) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(".well-known/mercure"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + PUBLISHER)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "topic=" + encode(topic) + "&id=" + encode(id) + "&data=" + encode(data)))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Subscribes to {@code topic} with the given extra headers ({@code Last-Event-ID}, say). */
    SseConnection subscribe(String topic, Map<String, String> headers) {
        return SseConnection.open(base.resolve(".well-known/mercure?topic=" + encode(topic)), headers);
    }

    /** The counter's event stream. */
    SseConnection counter(Map<String, String> headers) {
        return SseConnection.open(base.resolve("api/counter"), headers);
    }

    NodeStatus status() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/status")).timeout(REQUEST_TIMEOUT).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            try (JsonReader json = Json.createReader(new StringReader(response.body()))) {
                return new NodeStatus(json.readObject());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
