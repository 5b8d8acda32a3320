package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.RecordingSink;
import dev.herald.testing.TestConfig;
import dev.herald.transport.LocalTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's meters move with what happens: publishes, subscriptions, replays, gaps, stalls and queues. */
class HubMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final LocalTransport transport = new LocalTransport(100, 1_000_000, Thread::new);
    private final Hub hub = new Hub(TestConfig.of(), transport, registry);

    @AfterEach
    void stop() {
        hub.stop();
        transport.close();
    }

    @Test
    void aPublishCountsAnUpdateAndItsTime() {
        hub.publish(update("u1"));
        hub.publish(update("u2"));
        assertEquals(2, counter("mercure.updates"));
        assertEquals(2, registry.get("herald.publish").timer().count());
        assertTrue(registry.get("herald.publish").timer().totalTime(TimeUnit.NANOSECONDS) > 0);
    }

    @Test
    void subscriptionsAreCountedAndTheConnectedGaugeFollowsThem() {
        Subscriber first = subscriber(new RecordingSink());
        Subscriber second = subscriber(new RecordingSink());
        hub.subscribe(first, null);
        hub.subscribe(second, null);
        assertEquals(2, counter("mercure.subscribers"));
        assertEquals(2, gauge("mercure.subscribers.connected"));
        hub.unsubscribe(first);
        assertEquals(2, counter("mercure.subscribers"), "a counter of subscriptions ever started");
        assertEquals(1, gauge("mercure.subscribers.connected"));
        assertEquals(0, counter("herald.replays"));
    }

    @Test
    void aResumingSubscriberCountsAReplayAndTheUpdatesItWasSent() throws Exception {
        hub.publish(update("u1"));
        hub.publish(update("u2"));
        hub.publish(update("u3"));
        RecordingSink sink = new RecordingSink();
        hub.subscribe(subscriber(sink), "u1");
        sink.awaitId("u3", TIMEOUT);
        assertEquals(1, counter("herald.replays"));
        assertEquals(2, counter("herald.replayed.updates"));
        assertEquals(0, counter("herald.gaps", "reason", "unknown"));
    }

    @Test
    void anUnknownLastEventIdCountsAGap() {
        hub.subscribe(subscriber(new RecordingSink()), "never-published");
        assertEquals(1, counter("herald.gaps", "reason", "unknown"));
        assertEquals(0, counter("herald.gaps", "reason", "expired"));
        assertEquals(1, counter("herald.replays"));
    }

    @Test
    void theSweepCountsStalledDisconnectsAndSumsTheQueues() {
        RecordingSink holding = new RecordingSink();
        holding.hold();
        hub.subscribe(subscriber(holding), null);
        hub.subscribe(subscriber(new RecordingSink()), null);
        hub.heartbeat();
        hub.heartbeat();
        hub.sweep();
        assertEquals(2, gauge("herald.queued.frames"));
        assertEquals(2, gauge("herald.queue.fullest"));
        assertEquals(0, counter("herald.slow.disconnects", "reason", "write_stall"));

        Subscriber stalled = new Subscriber(List.of(TopicSelector.of("t")), List.of(), null, new StalledSink());
        hub.subscribe(stalled, null);
        hub.sweep();
        assertEquals(1, counter("herald.slow.disconnects", "reason", "write_stall"));
        assertTrue(stalled.sink().isClosed());
    }

    @Test
    void refusalsAreCountedUnderAFixedReason() {
        hub.metrics().refused(401);
        hub.metrics().refused(401);
        hub.metrics().refused(413);
        hub.metrics().refused(499);
        assertEquals(2, counter("herald.refused", "reason", "unauthorized"));
        assertEquals(1, counter("herald.refused", "reason", "body_too_large"));
        assertEquals(1, counter("herald.refused", "reason", "other"), "a status without a reason of its own");
        assertEquals(RefusalReason.values().length, registry.get("herald.refused").functionCounters().size(),
                "one series per reason, fixed at start");
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private static Update update(String id) {
        return Update.of(id, List.of("t"), "data", false, null, null);
    }

    private static Subscriber subscriber(EventSink sink) {
        return new Subscriber(List.of(TopicSelector.of("t")), List.of(), null, sink);
    }

    /** A sink whose socket has refused bytes for an hour. */
    private static final class StalledSink implements EventSink {
        private volatile boolean closed;

        @Override
        public boolean send(byte[] frame) {
            return !closed;
        }

        @Override
        public int queued() {
            return 0;
        }

        @Override
        public int capacity() {
            return 10;
        }

        @Override
        public void whenDrained(Runnable next) {
            next.run();
        }

        @Override
        public long stalledNanos() {
            return Duration.ofHours(1).toNanos();
        }

        @Override
        public long silentNanos() {
            return Duration.ofHours(1).toNanos();
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
