package dev.herald.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.testing.RecordingSink;
import dev.herald.testing.TestConfig;
import dev.herald.transport.LocalTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CounterTickerTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final HeraldConfig config = TestConfig.of(HeraldConfig.COUNTER_PERIOD, "20ms");
    private final CounterStream stream = new CounterStream(config);
    private final Hub hub = new Hub(config, new LocalTransport(100, 1_000_000, Thread::new),
            new SimpleMeterRegistry());
    private final CounterTicker ticker = new CounterTicker(stream, hub, config);

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void ticksOncePerPeriod() throws InterruptedException {
        RecordingSink onTheHub = new RecordingSink();
        hub.subscribe(new Subscriber(List.of(TopicSelector.of(CounterTicker.COUNTER_TOPIC)), List.of(), null,
                onTheHub), null);
        long started = System.nanoTime();
        ticker.start(executor);
        // Long enough for a first tick slowed by JSON-B's warm-up on a busy machine to be caught up (fixed rate).
        Thread.sleep(1_000);
        long count = stream.count();
        long periods = Duration.ofNanos(System.nanoTime() - started).toMillis() / 20;
        assertTrue(count >= periods / 2 && count <= periods, periods + " periods passed, " + count + " ticks");
        assertTrue(!onTheHub.ids().isEmpty() && onTheHub.ids().get(0).startsWith("urn:uuid:"),
                "each count is also published on the hub: " + onTheHub.ids());
    }

    @Test
    void stopLeavesNoTickRunning() throws InterruptedException {
        ticker.start(executor);
        Thread.sleep(100);
        ticker.stop();
        Thread.sleep(50); // a tick that was already running when stop() came may still finish
        long stoppedAt = stream.count();
        Thread.sleep(200);
        assertEquals(stoppedAt, stream.count(), "ticks after stop");
    }
}
