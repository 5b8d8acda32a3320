package dev.herald.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.testing.RecordingSink;
import dev.herald.testing.RedisServer;
import dev.herald.testing.TestConfig;
import dev.herald.transport.Transport;
import dev.herald.transport.TransportProducer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The counter of a cluster, on a real {@code redis-server}: two nodes, one count. Exactly one node ticks; both see the
 * same counts with the same ids; when the one that ticks dies, the other goes on from the next count.
 */
class ClusterCounterTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final RedisServer redis = RedisServer.start();
    private final HeraldConfig config = TestConfig.of(HeraldConfig.COUNTER_PERIOD, "100ms",
            HeraldConfig.TRANSPORT, redis.url(), HeraldConfig.REDIS_TIMEOUT, "500ms");
    private final List<Node> nodes = new ArrayList<>();

    /** One Herald's counter and hub, on its own transport and scheduler. */
    private final class Node {
        final Transport transport = TransportProducer.create(config, Thread::new);
        final Hub hub = new Hub(config, transport, new SimpleMeterRegistry());
        final CounterStream stream = new CounterStream(config);
        final CounterTicker ticker = new CounterTicker(stream, hub, config, transport);
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        final RecordingSink counts = new RecordingSink(100_000);

        Node() {
            hub.subscribe(new Subscriber(List.of(TopicSelector.of(CounterTicker.COUNTER_TOPIC)), List.of(), null,
                    counts), null);
            ticker.start(scheduler);
            nodes.add(this);
        }

        /** Dies without a word: its lease is not given up, it runs out. */
        void kill() {
            scheduler.shutdownNow();
            transport.close();
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(Node::kill);
        redis.close();
    }

    @Test
    void oneNodeTicksEveryNodeSendsTheSameCountsAndAnotherGoesOnWhenItDies() throws InterruptedException {
        Node first = new Node();
        Node second = new Node();
        await(() -> first.stream.count() >= 10 && second.stream.count() >= 10, "both nodes count");
        assertTrue(first.ticker.holdsLease() ^ second.ticker.holdsLease(), "exactly one node ticks");
        Node ticking = first.ticker.holdsLease() ? first : second;
        Node other = ticking == first ? second : first;
        assertEquals(epoch(ticking), epoch(other), "one epoch for the cluster");

        long before = other.stream.count();
        ticking.kill();
        await(() -> other.ticker.holdsLease() && other.stream.count() >= before + 10,
                "the other node takes over once the lease runs out");

        List<String> ids = other.counts.ids();
        String epoch = epoch(other);
        long expected = Long.parseLong(ids.get(0).substring(epoch.length() + 1));
        for (String id : ids) {
            assertEquals(epoch + "-" + expected++, id, "no count repeated or skipped across the take-over: " + ids);
        }
    }

    private static String epoch(Node node) {
        String id = node.stream.upcoming(0).id();
        return id.substring(0, id.indexOf('-'));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + WAIT);
            Thread.sleep(20);
        }
    }
}
