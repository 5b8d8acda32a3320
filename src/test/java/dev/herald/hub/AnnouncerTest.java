package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.RecordingSink;
import dev.herald.transport.Roster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The announcing thread's bookkeeping, against a roster scripted to hold it at the moment that matters (the rosters
 * themselves are tested against their contract): what waits is coalesced, never at the cost of an end whose start was
 * published.
 */
class AnnouncerTest {

    private final Subscriber blocker = subscriber("blocker");
    private final Subscriber alice = subscriber("alice");
    private final ScriptedRoster roster = new ScriptedRoster();
    private final Announcer announcer = new Announcer(roster, visit -> List.of(blocker, alice).forEach(visit));

    @AfterEach
    void stop() {
        roster.release.countDown();
        announcer.stop();
    }

    /** Taken for dead, the server announces everyone again; an end meanwhile must still be published. */
    @Test
    void anEndWhileStartsAreAnnouncedAgainIsPublished() throws InterruptedException {
        roster.losesThemOnce = true;
        announcer.start(Thread::new);
        announcer.started(blocker);
        announcer.started(alice);
        assertTrue(roster.announcingAgain.await(10, TimeUnit.SECONDS), "the roster never lost its subscriptions");
        announcer.ended(alice);
        roster.release.countDown();
        roster.await("end " + Presence.id("alice", alice.id()));
        assertEquals(Map.of(Presence.id("blocker", blocker.id()), "blocker"), roster.active);
    }

    @Test
    void aSubscriptionGoneBeforeItsStartWasPublishedCostsNothing() throws InterruptedException {
        roster.holdEveryone = true;
        announcer.start(Thread::new);
        announcer.started(blocker);
        assertTrue(roster.announcingAgain.await(10, TimeUnit.SECONDS));
        announcer.started(alice);
        announcer.ended(alice);
        roster.release.countDown();
        announcer.started(subscriber("last"));
        roster.await("start " + Presence.PATH + "/last/");
        assertTrue(roster.published.stream().noneMatch(event -> event.contains("alice")), roster.published.toString());
    }

    private static Subscriber subscriber(String selector) {
        return new Subscriber(List.of(TopicSelector.of(selector)), List.of(), null, new RecordingSink());
    }

    /**
     * Records what is published, and holds the announcing thread on the blocker's event until released: on its first
     * event, or (when it {@link #losesThemOnce}) once it said it lost both first subscriptions, as when another server
     * took this one for dead, and they are announced again.
     */
    private final class ScriptedRoster implements Roster {

        final Map<String, String> active = new ConcurrentHashMap<>();
        final List<String> published = new CopyOnWriteArrayList<>();
        final CountDownLatch announcingAgain = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holdEveryone;
        volatile boolean losesThemOnce;
        private boolean lost;

        @Override
        public boolean announce(Presence.Event event) {
            if (event.subscription().contains("blocker") && (lost || holdEveryone)) {
                announcingAgain.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String topic = event.subscription().split("/")[4];
            boolean changed = event.description() == null ? active.remove(event.subscription()) != null
                    : !topic.equals(active.put(event.subscription(), topic));
            if (changed) {
                published.add((event.description() == null ? "end " : "start ") + event.subscription());
            }
            return changed;
        }

        @Override
        public String description(String subscription) {
            return active.get(subscription);
        }

        @Override
        public void forEach(String prefix, BiPredicate<String, String> visitor) {
            active.forEach(visitor::test);
        }

        @Override
        public synchronized boolean maintain() {
            if (!losesThemOnce || lost || active.size() < 2) {
                return false;
            }
            lost = true;
            return true;
        }

        @Override
        public void leave() {
        }

        void await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (published.stream().noneMatch(event -> event.startsWith(prefix))) {
                assertTrue(System.nanoTime() < deadline, "not published: " + prefix + "; only " + published);
                Thread.sleep(5);
            }
        }
    }
}
