package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.testing.RecordingSink;
import dev.herald.testing.TestConfig;
import dev.herald.transport.LocalTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's timers: heartbeats, and the sweep that ends expired and stalled subscriptions, with nothing per subscriber. */
class HubTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final LocalTransport transport = new LocalTransport(100, 1_000_000, Thread::new);
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final Hub hub = new Hub(TestConfig.of(), transport, new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        hub.stop();
        scheduler.shutdownNow();
        transport.close();
    }

    @Test
    void theSweepEndsSubscriptionsWhoseTokenExpired() {
        RecordingSink expired = subscribe(NOW.minusMillis(1));
        RecordingSink expiresNow = subscribe(NOW);
        RecordingSink later = subscribe(NOW.plusSeconds(1));
        RecordingSink never = subscribe(null);
        hub.sweep();
        assertTrue(expired.closed());
        assertTrue(expiresNow.closed());
        assertFalse(later.closed());
        assertFalse(never.closed());
    }

    @Test
    void subscriptionsKeepNoTimerOfTheirOwn() {
        hub.start(scheduler, Thread::new);
        int periodic = scheduler.getQueue().size();
        for (int i = 0; i < 1_000; i++) {
            RecordingSink sink = new RecordingSink();
            Subscriber subscriber = new Subscriber(List.of(TopicSelector.of("t")), List.of(), NOW.plusSeconds(3_600),
                    sink);
            hub.subscribe(subscriber, null);
            hub.unsubscribe(subscriber);
        }
        assertEquals(periodic, scheduler.getQueue().size(), "1,000 subscriptions with an exp left timers behind");
        assertEquals(0, hub.subscribers());
    }

    @Test
    void aStreamSilentForTheIdleProbeIsProbedAndNoOtherIs() {
        RecordingSink silent = subscribe(null);
        RecordingSink talking = subscribe(null);
        silent.silentFor(Duration.ofSeconds(1));
        talking.silentFor(Duration.ofMillis(999));
        hub.sweep();
        assertEquals(":\n\n", silent.text());
        assertEquals("", talking.text());

        Hub withoutProbes = new Hub(TestConfig.of(HeraldConfig.IDLE_PROBE, "0"), transport,
                new SimpleMeterRegistry());
        RecordingSink unprobed = new RecordingSink();
        withoutProbes.subscribe(new Subscriber(List.of(TopicSelector.of("t")), List.of(), null, unprobed), null);
        unprobed.silentFor(Duration.ofHours(1));
        withoutProbes.sweep();
        assertEquals("", unprobed.text());
    }

    @Test
    void theHeartbeatReachesEverySubscriber() {
        RecordingSink sink = subscribe(null);
        hub.heartbeat();
        assertEquals(": heartbeat\n\n", sink.text());
    }

    private RecordingSink subscribe(Instant expiresAt) {
        RecordingSink sink = new RecordingSink();
        hub.subscribe(new Subscriber(List.of(TopicSelector.of("t")), List.of(), expiresAt, sink), null);
        return sink;
    }
}
