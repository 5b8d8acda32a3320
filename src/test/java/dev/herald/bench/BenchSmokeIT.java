package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.it.HeraldIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark's load generator and scenarios against a real Herald, briefly: what they measure is what happened. */
class BenchSmokeIT extends HeraldIT {

    private HeraldTarget herald;

    @BeforeEach
    void connect() throws Exception {
        herald = HeraldTarget.running(base.toURI(), HeraldIT.KEY);
        herald.start();
    }

    @Test
    void theLoadGeneratorCountsAndTimesEveryDelivery() throws Exception {
        try (Subscribers subscribers = new Subscribers(herald.server(), herald.subscribePath("smoke"), 50, "", true)) {
            subscribers.awaitOpen(30);
            assertTrue(herald.awaitSubscribers(count -> count >= 50, 10), "the hub counts the subscribers");
            Measurement measured = Load.run(herald, subscribers, "smoke", 20, 2, "");
            assertEquals(0, measured.publishErrors());
            assertEquals(0, measured.connectionsLost());
            assertTrue(measured.publishedPerSecond() > 10, "published/s: " + measured.publishedPerSecond());
            assertEquals(0, subscribers.deliveries() % 50, "every subscriber got every update");
            assertTrue(subscribers.deliveries() >= 50 * 40, "deliveries: " + subscribers.deliveries());
            assertTrue(measured.latency().getTotalCount() >= 50 * 40, "latencies: " + measured.latency().getTotalCount());
            assertTrue(measured.millis(50) > 0 && measured.millis(50) < 1_000, "p50: " + measured.millis(50));
            assertEquals(Math.round(measured.publishedPerSecond() * 2), measured.publishLatency().getTotalCount(),
                    "one publish time per update published");
            assertTrue(measured.publishMillis(50) > 0 && measured.publishMillis(50) < 1_000,
                    "publish p50: " + measured.publishMillis(50));
        }
    }

    @Test
    void paddedUpdatesAreCountedOncePerSubscriber() throws Exception {
        try (Subscribers subscribers = new Subscribers(herald.server(), herald.subscribePath("padded"), 5, "", true)) {
            subscribers.awaitOpen(30);
            Load.run(herald, subscribers, "padded", 20, 1, "\n" + "x".repeat(20_000));
            assertEquals(0, subscribers.deliveries() % 5, "every subscriber got every update");
            assertTrue(subscribers.deliveries() >= 5 * 20, "deliveries: " + subscribers.deliveries());
        }
    }

    /**
     * More connections at once than Payara's default http-thread-pool queue (4,096) holds: past it, Grizzly dropped the
     * connections' first read and left them unanswered (src/main/payara/pre-boot-commands.asadmin lifts the limit).
     */
    @Test
    void aBurstOfSixThousandSubscribersIsAnsweredInFull() throws Exception {
        int before = herald.subscriberCount();
        try (Subscribers burst = new Subscribers(herald.server(), herald.subscribePath("burst"), 6_000, "", true)) {
            burst.awaitOpen(60);
            assertEquals(0, burst.lost());
            assertTrue(herald.awaitSubscribers(count -> count >= before + 6_000, 10), "the hub counts them all");
        }
        // The next tests share this server: they find it as this one did.
        assertTrue(herald.awaitSubscribers(count -> count <= before, 30), "the burst is let go");
    }

    @Test
    void aReconnectStormDeliversEveryUpdateOnceToEverySubscriber() throws Exception {
        Results results = new Results(herald.name());
        new ReconnectStorm(50, 2).run(herald, results);
        ReconnectStorm.Outcome storm = results.storm;
        assertEquals(2, storm.rounds().size());
        assertTrue(storm.published() >= 50, "published: " + storm.published()); // 10/s for 2 × 3 s and more
        assertEquals(0, storm.publishErrors());
        assertEquals(storm.published(), storm.received().getMin(), "the subscriber that received fewest");
        assertEquals(storm.published(), storm.received().getMax(), "the subscriber that received most");
        assertEquals(0, storm.missed() + storm.extra() + storm.outOfOrder());
        assertEquals(0, storm.failedConnections());
        storm.rounds().forEach(round -> assertTrue(round.openSeconds() <= round.liveSeconds(), round.toString()));
    }

    @Test
    void theReplayScenarioReceivesExactlyTheMissedUpdates() throws Exception {
        Results results = new Results(herald.name());
        new Replay().run(herald, results);
        assertEquals(Replay.RECONNECTIONS, results.replay.getTotalCount());
        assertEquals(Replay.MISSED, results.replayReceived);
    }
}
