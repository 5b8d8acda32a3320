package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.PrometheusText;
import dev.herald.testing.SseConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /api/metrics and /api/health on a real server: the same paths, format and behaviour on Payara Micro and WildFly. */
class OperationsIT extends HubITSupport {

    @Test
    void theScrapeIsPrometheusTextAndItsCountsMoveWithAPublishADeliveryAndARefusal() throws Exception {
        String topic = "https://example.com/metrics/" + UUID.randomUUID();
        PrometheusText before = scrape();
        String id;
        try (SseConnection subscriber = subscribe(Map.of(), topic)) {
            id = publish(PUBLISHER, "topic", topic, "data", "counted").body();
            assertEquals(id, subscriber.next(event -> id.equals(event.id()), WAIT).id());
            assertEquals(401, publish(null, "topic", topic).statusCode());
            PrometheusText after = scrape();

            assertTrue(after.require("mercure_updates_total") >= before.require("mercure_updates_total") + 1);
            assertTrue(after.require("mercure_subscribers_total")
                    >= before.require("mercure_subscribers_total") + 1);
            assertTrue(after.require("mercure_subscribers_connected") >= 1);
            assertTrue(after.require("herald_deliveries_total") >= before.require("herald_deliveries_total") + 1);
            assertTrue(after.require("herald_sent_bytes_total") > before.require("herald_sent_bytes_total"));
            assertTrue(after.require("herald_publish_seconds_count")
                    >= before.require("herald_publish_seconds_count") + 1);
            String unauthorized = "herald_refused_total{reason=\"unauthorized\"}";
            assertTrue(after.require(unauthorized) >= before.require(unauthorized) + 1);
            assertEquals(1, after.require("herald_transport_connected"));
            String scraped = get("api/metrics").body();
            assertFalse(scraped.contains(topic) || scraped.contains(id), "nothing a client sent is in the metrics");
        }
    }

    @Test
    void whatClientsSendAddsNoSeries() throws Exception {
        int series = scrape().samples().size();
        for (int i = 0; i < 20; i++) {
            String topic = "https://example.com/abuse/" + UUID.randomUUID();
            publish(null, "topic", topic);                                      // 401
            publish(PUBLISHER, "topic", topic, "id", "#" + i);                  // 400
            get(".well-known/mercure?topic=" + "x".repeat(2_000 + i));          // 400, over the selector limit
            try (SseConnection resuming = subscribe(Map.of("Last-Event-ID", "made-up-" + i), topic)) {
                resuming.next(event -> "gap".equals(event.event()), WAIT);
            }
        }
        PrometheusText after = scrape();
        assertEquals(series, after.samples().size(), "series were added: " + after.samples().keySet());
    }

    @Test
    void liveAndReadyAnswerInMicroProfileHealthsShape() throws Exception {
        JsonObject live = health("api/health/live", 200);
        assertEquals("hub", live.getJsonArray("checks").getJsonObject(0).getString("name"));
        JsonObject ready = health("api/health/ready", 200);
        JsonObject transport = ready.getJsonArray("checks").getJsonObject(0);
        assertEquals("transport", transport.getString("name"));
        assertEquals("UP", transport.getString("status"));
        assertEquals("local", transport.getJsonObject("data").getString("transport"));
        assertEquals(2, health("api/health", 200).getJsonArray("checks").size());
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = get("api/metrics");
        assertEquals(200, response.statusCode(), response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
        return PrometheusText.parse(response.body());
    }

    private JsonObject health(String path, int status) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
        assertEquals(status == 200 ? "UP" : "DOWN", body.getString("status"));
        return body;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
