package dev.herald.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.DuplicateIdException;
import dev.herald.hub.History;
import dev.herald.hub.HubMetrics;
import dev.herald.hub.HubUnavailableException;
import dev.herald.hub.Subscriber;
import dev.herald.hub.Subscriptions;
import dev.herald.hub.TopicSelector;
import dev.herald.testing.RecordingSink;
import dev.herald.testing.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract on a real {@code redis-server}, and what only a cluster has: several nodes on one stream, a Redis that
 * goes away or stalls, and a stream that lost entries. Each test has keys of its own under a fresh prefix.
 */
class RedisTransportTest extends TransportContract {

    private static final Duration TIMEOUT = RedisNodes.TIMEOUT;
    @RegisterExtension
    static final RedisNodes NODES = new RedisNodes();

    private final RedisServer redis = NODES.redis();
    private final String prefix = RedisNodes.newPrefix("test");

    @Override
    Transport newTransport(int historySize, long historyMaxBytes) {
        return node(prefix + "-" + historySize + "-" + historyMaxBytes, historySize, historyMaxBytes);
    }

    private RedisTransport node(String keyPrefix, int historySize, long historyMaxBytes) {
        return NODES.node(keyPrefix, historySize, historyMaxBytes);
    }

    private RedisTransport node() {
        return node(prefix, 10_000, Long.MAX_VALUE);
    }

    @Test
    void whatOneNodeAppendsEveryNodeHandsOnInTheSameOrder() throws InterruptedException {
        RedisTransport first = node();
        RedisTransport second = node();
        HandedOn onFirst = new HandedOn(first);
        HandedOn onSecond = new HandedOn(second);
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            positions.add((i % 2 == 0 ? first : second).append(update("n" + i, false, "a")));
        }
        long last = positions.get(positions.size() - 1);
        onFirst.await(last);
        onSecond.await(last);
        assertEquals(positions, onFirst.positions());
        assertEquals(positions, onSecond.positions());
        assertThrows(DuplicateIdException.class, () -> second.append(update("n0", false, "b")),
                "an id is refused across the cluster, not only on the node that published it");
    }

    @Test
    void aNodeThatStartsLaterHasTheHistoryAndFindsIdsItHasNotFollowedYet() {
        RedisTransport first = node();
        for (int i = 0; i < 50; i++) {
            first.append(update("h" + i, false, "a"));
        }
        RedisTransport late = node();
        // Asked at once, before its follower has read the stream: it looks the id up in Redis and waits for it.
        History.Entry seen = late.find("h10");
        assertNotNull(seen);
        assertEquals(List.of("h10"), ids(late.after(seen.position() - 1, 1)));
        for (int i = 50; i < 100; i++) {
            first.append(update("h" + i, false, "a"));
            assertNotNull(late.find("h" + i), "h" + i + " just published on the other node");
        }
    }

    @Test
    void aFreshSubscriberOfANodeStillReadingTheStreamIsNotSentTheHistory() throws InterruptedException {
        RedisTransport first = node();
        for (int i = 0; i < 3_000; i++) {
            first.append(update("old" + i, false, "a"));
        }
        Subscriptions late = new Subscriptions(node(), new HubMetrics(new SimpleMeterRegistry()));
        RecordingSink fresh = new RecordingSink(10_000);
        late.subscribe(new Subscriber(List.of(TopicSelector.of("a")), List.of(), null, fresh), null);
        first.append(update("new", false, "a"));
        fresh.awaitId("new", WAIT);
        assertEquals(List.of("new"), fresh.ids());
    }

    @Test
    void withRedisGoneAPublishIsRefusedInTimeAndFollowingResumesWithNothingLostOrRepeated() throws Exception {
        RedisTransport publisher = node();
        RedisTransport follower = node();
        HandedOn handedOn = new HandedOn(follower);
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acknowledged.add(publisher.append(update("r" + i, false, "a")));
        }
        redis.stop();
        try {
            long started = System.nanoTime();
            HubUnavailableException refused = assertThrows(HubUnavailableException.class,
                    () -> publisher.append(update("while-down", false, "a")));
            assertTrue(refused.getMessage().contains("herald.redis.timeout"), refused.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(TIMEOUT.multipliedBy(3)) < 0);
        } finally {
            redis.restart();
        }
        for (int i = 20; i < 40; i++) {
            acknowledged.add(publisher.append(update("r" + i, false, "a")));
        }
        handedOn.await(acknowledged.get(acknowledged.size() - 1));
        assertEquals(acknowledged, handedOn.positions());
        assertEquals(null, follower.find("while-down"));
    }

    @Test
    void aPausedRedisGetsA503WithinTheTimeout() {
        RedisTransport node = node();
        node.append(update("before", false, "a"));
        redis.pause(Duration.ofSeconds(3));
        try {
            long started = System.nanoTime();
            assertThrows(HubUnavailableException.class, () -> node.append(update("paused", false, "a")));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(TIMEOUT.multipliedBy(3)) < 0, "refused after " + took);
        } finally {
            redis.command("CLIENT", "UNPAUSE");
        }
    }

    @Test
    void unknownIdsFromAnyoneHoldOnlyAFewRedisConnections() throws Exception {
        RedisTransport node = node();
        node.append(update("known", false, "a"));
        redis.pause(Duration.ofSeconds(2));
        try {
            List<Thread> askers = new ArrayList<>();
            AtomicInteger answeredAtOnce = new AtomicInteger();
            for (int i = 0; i < 100; i++) {
                String id = "unknown-" + i;
                askers.add(new Thread(() -> {
                    long started = System.nanoTime();
                    assertEquals(null, node.find(id));
                    if (Duration.ofNanos(System.nanoTime() - started).toMillis() < 200) {
                        answeredAtOnce.incrementAndGet();
                    }
                }));
            }
            askers.forEach(Thread::start);
            for (Thread asker : askers) {
                asker.join();
            }
            assertTrue(answeredAtOnce.get() >= 95, "only a few lookups may wait for a stalled Redis, but "
                    + (100 - answeredAtOnce.get()) + " did");
        } finally {
            redis.command("CLIENT", "UNPAUSE");
        }
    }

    @Test
    void aStreamThatLostEntriesIsNoticedAndReadAgain() throws InterruptedException {
        RedisTransport node = node();
        AtomicInteger discontinuities = new AtomicInteger();
        HandedOn handedOn = new HandedOn(node) {
            @Override
            public void onDiscontinuity() {
                discontinuities.incrementAndGet();
            }
        };
        long third = 0;
        for (int i = 0; i < 3; i++) {
            third = node.append(update("l" + i, false, "a"));
        }
        handedOn.await(third);
        // As a failover to a replica that had not received the newest entry yet would leave the stream: l2 is gone,
        // and the next update is numbered as l2 was.
        redis.command("XDEL", prefix + ":updates", "0-" + third);
        redis.command("XSETID", prefix + ":updates", "0-" + (third - 1));
        redis.command("ZREM", prefix + ":ids", "l2");
        assertEquals(third, node.append(update("l3", false, "a")));
        long next = node.append(update("l4", false, "a"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (discontinuities.get() == 0 || node.find("l4") == null) {
            assertTrue(System.nanoTime() < deadline, "the lost entry was not noticed");
            Thread.sleep(10);
        }
        assertEquals(null, node.find("l2"), "the copy was read again: the lost update is gone from it too");
        assertEquals(List.of("l0", "l1", "l3", "l4"), ids(node.after(-1, 10)));
        assertEquals(next, node.find("l4").position());
    }
}
