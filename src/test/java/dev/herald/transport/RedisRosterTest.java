package dev.herald.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.HubUnavailableException;
import dev.herald.hub.Presence;
import dev.herald.hub.Subscriber;
import dev.herald.testing.RedisServer;
import dev.herald.testing.TestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract on a real {@code redis-server}, and what only a cluster has: every node lists every node's
 * subscriptions, a node that dies has its subscriptions ended once, by one survivor, within the bound, a node taken for
 * dead announces its own again, and a Redis that stalls holds up no stream that ends.
 */
class RedisRosterTest extends RosterContract {

    /** The node lease, and two rounds a second apart that find it gone. */
    private static final Duration DEAD_WITHIN = RedisRoster.NODE_LEASE.plusSeconds(3);
    /** How often a node keeps its roster, as its announcing thread does. */
    private static final Duration ROUND = Duration.ofSeconds(1);
    @RegisterExtension
    static final RedisNodes NODES = new RedisNodes();

    private final RedisServer redis = NODES.redis();
    private final String prefix = RedisNodes.newPrefix("roster");

    @Override
    Transport newTransport() {
        return node();
    }

    private RedisTransport node() {
        return NODES.node(prefix, 10_000, Long.MAX_VALUE);
    }

    @Test
    void everyNodeListsTheSubscriptionsOfEveryNode() {
        Roster other = node().roster();
        other.maintain();
        Subscriber alice = subscriber("a", "b");
        events(alice).forEach(roster::announce);
        Subscriber bob = subscriber("c");
        events(bob).forEach(other::announce);
        assertEquals(3, listed(other, Presence.PATH + "/").size());
        assertEquals(listed(other, Presence.PATH + "/"), listed(Presence.PATH + "/"));
    }

    @Test
    void aDeadNodesSubscriptionsAreEndedOnceByOneSurvivorWithinTheBound() throws Exception {
        List<Roster> survivors = List.of(node().roster(), node().roster());
        survivors.forEach(Roster::maintain);
        events(subscriber("a", "b"), subscriber("c")).forEach(roster::announce);
        roster.maintain();
        long lastSignOfLife = System.nanoTime();
        transport.close(); // dies: no more renewals, and it does not leave

        Transport watching = node();
        while (ends(watching) < 3) {
            assertTrue(System.nanoTime() - lastSignOfLife < DEAD_WITHIN.toNanos(), "ended " + ends(watching)
                    + " of 3 within " + DEAD_WITHIN);
            survivors.forEach(Roster::maintain);
            Thread.sleep(ROUND.toMillis());
        }
        for (int round = 0; round < 3; round++) {
            survivors.forEach(Roster::maintain);
        }
        Thread.sleep(500);
        assertEquals(3, ends(watching), "each end once, whoever ended it and however often they looked");
        assertEquals(0, listed(survivors.get(0), Presence.PATH + "/").size());
        assertEquals("2", redis.command("SCARD", prefix + ":nodes"), "the dead node is no longer listed");
    }

    @Test
    void aNodeTakenForDeadAnnouncesItsSubscriptionsAgain() throws Exception {
        Roster other = node().roster();
        Subscriber alice = announcedAndCutOff(other);
        other.maintain();
        assertTrue(listed(other, Presence.PATH + "/").isEmpty());

        assertTrue(roster.maintain(), "it finds that its lease had run out");
        assertTrue(roster.announce(Presence.events(alice, true).get(0)), "published again: it was ended");
        assertEquals(1, listed(other, Presence.PATH + "/").size());
        awaitEvents(3);
    }

    @Test
    void aNodeBackBeforeTheSecondRoundLosesNothing() throws Exception {
        Roster other = node().roster();
        Subscriber alice = announcedAndCutOff(other);
        assertTrue(roster.maintain());
        assertFalse(roster.announce(Presence.events(alice, true).get(0)), "still recorded: nothing to publish");
        other.maintain();
        assertEquals(1, listed(other, Presence.PATH + "/").size());
        Thread.sleep(500);
        assertEquals(0, ends(transport));
    }

    /** The hashes say what is active: a node without its lease may be back in a moment, its ends unpublished. */
    @Test
    void aNodeBrieflyWithoutItsLeaseIsStillListed() {
        Roster other = node().roster();
        Subscriber alice = announcedAndCutOff(other);
        assertEquals(List.of(Presence.id("a", alice.id())), List.copyOf(listed(other, Presence.PATH + "/").keySet()));
        assertEquals(Presence.events(alice, true).get(0).description(), other.description(Presence.id("a",
                alice.id())));
    }

    /** Ending a dead node's subscriptions may fail; this node's learning that it had been taken for dead may not. */
    @Test
    void beingTakenForDeadIsReportedEvenWhenEndingOthersFails() {
        redis.command("SADD", prefix + ":nodes", "broken");
        redis.command("SET", prefix + ":presence:broken", "not a hash");
        roster.maintain();
        Subscriber alice = subscriber("a");
        roster.announce(Presence.events(alice, true).get(0));
        redis.command("DEL", redis.command("KEYS", prefix + ":lease:node:*"));
        assertTrue(roster.maintain(), "the ending of 'broken' fails, yet this node learns its lease had run out");
        assertFalse(roster.maintain(), "once");
    }

    /** One subscription is looked up in each node's hash, not found by scanning them. */
    @Test
    void oneSubscriptionIsLookedUpWithoutAScan() {
        for (int i = 0; i < 500; i++) {
            roster.announce(Presence.events(subscriber("t" + i), true).get(0));
        }
        Subscriber alice = subscriber("a");
        Presence.Event started = Presence.events(alice, true).get(0);
        roster.announce(started);
        redis.command("CONFIG", "RESETSTAT");
        assertEquals(started.description(), roster.description(started.subscription()));
        assertEquals(null, roster.description(Presence.id("a", "urn:uuid:nobody")));
        assertFalse(redis.command("INFO", "commandstats").contains("cmdstat_hscan"));
    }

    /** Each list scans every node's hash, so a node reads two at once and refuses a third rather than queue it. */
    @Test
    void aThirdListingAtOnceIsRefusedNotQueued() throws Exception {
        Presence.Event started = Presence.events(subscriber("a"), true).get(0);
        roster.announce(started);
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> listing = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread reader = new Thread(() -> roster.forEach(Presence.PATH + "/", (id, description) -> {
                inside.countDown();
                try {
                    return !release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }));
            reader.start();
            listing.add(reader);
        }
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        HubUnavailableException refused = assertThrows(HubUnavailableException.class,
                () -> roster.forEach(Presence.PATH + "/", (id, description) -> true));
        assertTrue(refused.getMessage().contains("at once"), refused.getMessage());
        assertThrows(HubUnavailableException.class, () -> roster.description(started.subscription()));
        release.countDown();
        for (Thread reader : listing) {
            reader.join();
        }
        assertEquals(started.description(), roster.description(started.subscription()), "free again");
    }

    /** A node that stops cleanly gives its lease up: the others end its subscriptions within two rounds. */
    @Test
    void aNodeThatLeavesHasItsSubscriptionsEndedAtOnce() throws Exception {
        Roster other = node().roster();
        other.maintain();
        events(subscriber("a", "b")).forEach(roster::announce);
        roster.leave();
        other.maintain();
        other.maintain();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ends(transport) < 2) {
            assertTrue(System.nanoTime() < deadline, ends(transport) + " of 2 ends");
            Thread.sleep(20);
        }
        assertTrue(listed(other, Presence.PATH + "/").isEmpty());
    }

    /** Subscription events are published off the thread that ends a stream, which a stalled Redis must not hold. */
    @Test
    void aStalledRedisHoldsUpNoSubscriptionThatEnds() throws Exception {
        Hub hub = new Hub(TestConfig.of(HeraldConfig.SUBSCRIPTIONS, "true"), transport, new SimpleMeterRegistry());
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        hub.start(executor, Thread::new);
        try {
            List<Subscriber> subscribers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Subscriber subscriber = subscriber("topic-" + i);
                hub.subscribe(subscriber, null);
                subscribers.add(subscriber);
            }
            awaitListed(20);
            redis.pause(Duration.ofSeconds(2));
            long start = System.nanoTime();
            subscribers.forEach(hub::unsubscribe);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofMillis(200)) < 0, "20 ends took " + took);
            awaitListed(0);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (ends(transport) < 20) {
                assertTrue(System.nanoTime() < deadline, ends(transport) + " of 20 ends");
                Thread.sleep(20);
            }
        } finally {
            hub.shutdown();
            executor.shutdownNow();
        }
    }

    /**
     * A subscription announced by this test's first node, which then loses its lease (as when Redis did not hear from
     * it for longer than the lease) and is found without it by {@code other} once.
     */
    private Subscriber announcedAndCutOff(Roster other) {
        Subscriber alice = subscriber("a");
        roster.announce(Presence.events(alice, true).get(0));
        String lease = redis.command("KEYS", prefix + ":lease:node:*");
        assertFalse(lease.isBlank() || lease.contains("\n"), lease);
        redis.command("DEL", lease);
        other.maintain();
        return alice;
    }

    /** Waits until this many are listed; while Redis is paused, listing is refused, and tried again. */
    private void awaitListed(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int listed = -1;
        while (listed != count) {
            assertTrue(System.nanoTime() < deadline, listed + " listed, not " + count);
            Thread.sleep(20);
            try {
                listed = listed(Presence.PATH + "/").size();
            } catch (HubUnavailableException e) {
                listed = -1;
            }
        }
    }

    /** How many subscription ends the node's copy of the stream holds. */
    private static long ends(Transport node) {
        return updates(node).stream().filter(update -> new String(update.frame()).contains("\"active\":false"))
                .count();
    }
}
