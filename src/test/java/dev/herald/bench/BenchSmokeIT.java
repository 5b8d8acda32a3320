package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.it.HeraldIT;
import org.junit.jupiter.api.Test;

/** The benchmark's load generator against a real Herald, briefly: what it measures is what was delivered. */
class BenchSmokeIT extends HeraldIT {

    @Test
    void theLoadGeneratorCountsAndTimesEveryDelivery() throws Exception {
        HeraldTarget herald = HeraldTarget.running(base.toURI(), HeraldIT.KEY);
        herald.start();
        try (Subscribers subscribers = new Subscribers(herald.server(), herald.subscribePath("smoke"), 50, "", true)) {
            subscribers.awaitOpen(30);
            Measurement measured = Load.run(herald, subscribers, "smoke", 20, 2);
            assertEquals(0, measured.publishErrors());
            assertEquals(0, measured.connectionsLost());
            assertTrue(measured.publishedPerSecond() > 10, "published/s: " + measured.publishedPerSecond());
            assertEquals(0, subscribers.deliveries() % 50, "every subscriber got every update");
            assertTrue(subscribers.deliveries() >= 50 * 40, "deliveries: " + subscribers.deliveries());
            assertTrue(measured.latency().getTotalCount() >= 50 * 40, "latencies: " + measured.latency().getTotalCount());
            assertTrue(measured.millis(50) > 0 && measured.millis(50) < 1_000, "p50: " + measured.millis(50));
        }
    }
}
