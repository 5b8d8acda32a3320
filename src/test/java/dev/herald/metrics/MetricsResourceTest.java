package dev.herald.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.Hub;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import dev.herald.testing.PrometheusText;
import dev.herald.testing.RecordingSink;
import dev.herald.testing.TestConfig;
import dev.herald.transport.LocalTransport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scrape is valid Prometheus text with Mercure's names and Herald's, and a fixed set of series. */
class MetricsResourceTest {

    private final MeterRegistryProducer producer = new MeterRegistryProducer();
    private final PrometheusMeterRegistry registry = producer.registry();
    private final LocalTransport transport = new LocalTransport(100, 1_000_000, Thread::new);
    private final Hub hub = new Hub(TestConfig.of(), transport, registry);
    private final MetricsResource resource = new MetricsResource(registry);

    @AfterEach
    void stop() {
        transport.close();
        producer.close(registry);
    }

    @Test
    void theScrapeHasMercuresNamesAndHeraldsInTheTextFormat() {
        hub.subscribe(new Subscriber(List.of(TopicSelector.of("t")), List.of(), null, new RecordingSink()), null);
        hub.publish(Update.of("u1", List.of("t"), "data", false, null, null));
        Response response = resource.scrape();
        assertTrue(MediaType.TEXT_PLAIN_TYPE.isCompatible(response.getMediaType()));
        assertEquals("0.0.4", response.getMediaType().getParameters().get("version"));
        PrometheusText scrape = PrometheusText.parse((String) response.getEntity());

        assertEquals("counter", scrape.type("mercure_subscribers_total"));
        assertEquals(1, scrape.require("mercure_subscribers_total"));
        assertEquals("gauge", scrape.type("mercure_subscribers_connected"));
        assertEquals(1, scrape.require("mercure_subscribers_connected"));
        assertEquals(1, scrape.require("mercure_updates_total"));
        assertEquals("histogram", scrape.type("herald_publish_seconds"));
        assertEquals(1, scrape.require("herald_publish_seconds_count"));
        assertEquals(1, scrape.require("herald_publish_seconds_bucket{le=\"+Inf\"}"));
        for (String series : List.of("herald_deliveries_total", "herald_sent_bytes_total", "herald_replays_total",
                "herald_replayed_updates_total", "herald_gaps_total{reason=\"unknown\"}",
                "herald_gaps_total{reason=\"expired\"}", "herald_slow_disconnects_total{reason=\"queue_overflow\"}",
                "herald_slow_disconnects_total{reason=\"write_stall\"}", "herald_refused_total{reason=\"forbidden\"}",
                "herald_queued_frames", "herald_queue_fullest", "herald_transport_connected",
                "herald_transport_lag_entries", "herald_transport_lag_seconds")) {
            scrape.require(series);
        }
        assertEquals(1, scrape.require("herald_transport_connected"));
    }

    @Test
    void theSeriesDoNotGrowWithSubscribersOrTopics() {
        int before = PrometheusText.parse((String) resource.scrape().getEntity()).samples().size();
        for (int i = 0; i < 100; i++) {
            hub.subscribe(new Subscriber(List.of(TopicSelector.of("topic-" + i)), List.of(), null,
                    new RecordingSink()), "unknown-" + i);
            hub.publish(Update.of("id-" + i, List.of("topic-" + i), "data", false, "type-" + i, null));
            hub.metrics().refused(400 + i);
        }
        PrometheusText after = PrometheusText.parse((String) resource.scrape().getEntity());
        assertEquals(before, after.samples().size(), "100 topics, subscribers, ids and statuses added series");
        assertEquals(100, after.require("herald_gaps_total{reason=\"unknown\"}"));
        assertTrue(after.require("herald_refused_total{reason=\"other\"}") > 80);
    }
}
