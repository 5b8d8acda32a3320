package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Jwts;
import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What the hub's integration tests share: publishing, subscribing and reading the hub over real HTTP. */
abstract class HubITSupport extends HeraldIT {

    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    protected static final String PUBLISHER = Jwts.hs256(HeraldIT.KEY, List.of("*"), List.of(), null);

    protected URI hub() {
        return uri(".well-known/mercure");
    }

    protected URI query(String... namesAndValues) {
        return URI.create(hub() + "?" + form(namesAndValues));
    }

    protected SseConnection subscribe(Map<String, String> headers, String... topics) {
        List<String> pairs = new ArrayList<>();
        for (String topic : topics) {
            pairs.add("topic");
            pairs.add(topic);
        }
        return open(query(pairs.toArray(String[]::new)), headers);
    }

    protected static SseConnection open(URI uri, Map<String, String> headers) {
        return SseConnection.open(uri, headers);
    }

    protected HttpResponse<String> publish(String token, String... namesAndValues) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(namesAndValues)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> publishWith(Map<String, String> headers, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(query == null ? hub() : URI.create(hub() + "?" + query))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=precedence"));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected int hubSubscribers() throws Exception {
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(uri("api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = Pattern.compile("\"hubSubscribers\":(\\d+)").matcher(status.body());
        assertTrue(matcher.find(), status.body());
        return Integer.parseInt(matcher.group(1));
    }

    /**
     * Waits until the hub counts at most {@code most} subscribers (others' streams from earlier tests may still be
     * leaving), and fails when it does not within {@code within}.
     */
    protected void awaitHubSubscribersAtMost(int most, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (hubSubscribers() > most && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        int left = hubSubscribers();
        assertTrue(left <= most, left + " subscribers, more than " + most);
    }

    protected Socket rawSubscriber(String topic) throws IOException {
        return rawSubscriber(query("topic", topic));
    }

    /** A subscriber on a bare socket, which reads only when the test reads. */
    protected Socket rawSubscriber(URI uri) throws IOException {
        return rawStream(uri, 0);
    }

    /** Reads past the response headers and the opening comment, so that the hub has registered the subscriber. */
    protected static void awaitOpening(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains("retry: 3000\n\n")) {
            int read = in.read();
            if (read < 0) {
                throw new IOException("stream closed before it opened: " + seen);
            }
            seen.append((char) read);
        }
    }

    protected static List<String> idsUntil(SseConnection connection, String lastId) {
        List<String> ids = new ArrayList<>();
        while (ids.isEmpty() || !ids.get(ids.size() - 1).equals(lastId)) {
            ids.add(connection.nextEvents(1, WAIT).get(0).id());
        }
        return ids;
    }

    protected static List<String> ids(List<SseEvent> events) {
        return events.stream().map(SseEvent::id).toList();
    }

    protected static void assertRefused(int status, String hint, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(hint), "'" + hint + "' not in: " + response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    protected static String form(String... namesAndValues) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            pairs.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return pairs.stream().collect(Collectors.joining("&"));
    }
}
