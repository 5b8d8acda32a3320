package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Publishing from Java code in the application, as a CDI event: published only once its JTA transaction commits, never
 * when it rolls back, at once outside a transaction. {@link TransactionProbe} is that application code.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TransactionalPublishIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String TOPIC = "https://herald.test/orders/1";

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    public static WebArchive war() {
        return HeraldIT.war().addClass(TransactionProbe.class);
    }

    @Test
    void anEventIsPublishedAfterItsTransactionCommitsAndNeverWhenItRollsBack() throws Exception {
        URI hub = URI.create(base.toExternalForm()).resolve(".well-known/mercure?topic="
                + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8));
        try (SseConnection subscriber = SseConnection.open(hub)) {
            assertEquals(200, subscriber.status());
            fire("commit", "committed");
            fire("rollback", "rolled-back");
            fire("none", "without-transaction");
            List<String> ids = new ArrayList<>();
            while (!ids.contains("without-transaction")) {
                SseEvent event = subscriber.next(candidate -> candidate.id() != null, WAIT);
                ids.add(event.id());
            }
            assertEquals(List.of("committed-before-commit", "committed", "rolled-back-before-commit",
                    "without-transaction"), ids, "held until the commit, dropped on rollback, at once without one");
        }
    }

    private void fire(String outcome, String id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base.toExternalForm())
                        .resolve("api/probe/" + outcome + "?topic=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8)
                                + "&id=" + id))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, response.statusCode(), outcome + ": " + response.body());
    }
}
