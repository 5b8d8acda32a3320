package dev.herald.hub;

import dev.herald.transport.Roster;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes subscription events ({@code herald.subscriptions}) through the {@link Roster}, on a thread of its own, in
 * the order subscriptions start and end: never on the thread that subscribes or ends a stream (a request's, or a
 * writer's), which a slow Redis must not hold. What waits is one entry per subscriber, and a subscription that ends
 * before its start was published is never published at all: so however fast clients come and go, what waits is bounded
 * by the subscribers connected, and by those whose end is still to be published. An event the roster cannot take now
 * (Redis away, the history full) is tried again until it is taken or the hub stops. The same thread keeps this server
 * alive on the roster, once a second, also between the events of a long queue.
 */
final class Announcer {

    private static final Logger LOG = Logger.getLogger(Announcer.class.getName());
    static final Duration ROUND = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofMillis(250);

    private final Roster roster;
    private final Consumer<Consumer<Subscriber>> everyone;
    /** What is to be published for a subscriber. */
    private enum Change {
        /** Its start, never published yet. */
        START,
        /** Its start again: published before, and maybe ended by a server that took this one for dead. */
        RESTART,
        END
    }

    private final LinkedHashMap<Subscriber, Change> waiting = new LinkedHashMap<>();
    private volatile boolean running;
    private Thread thread;
    // Touched by the announcing thread only.
    private long nextRound = System.nanoTime();
    private boolean failing;

    /** @param everyone visits this server's subscribers, to announce them again when the roster lost them */
    Announcer(Roster roster, Consumer<Consumer<Subscriber>> everyone) {
        this.roster = roster;
        this.everyone = everyone;
    }

    synchronized void start(ThreadFactory threads) {
        running = true;
        thread = threads.newThread(this::run);
        thread.setName("herald-presence");
        thread.start();
    }

    void started(Subscriber subscriber) {
        synchronized (waiting) {
            waiting.put(subscriber, Change.START);
            waiting.notifyAll();
        }
    }

    void ended(Subscriber subscriber) {
        synchronized (waiting) {
            if (waiting.get(subscriber) == Change.START) {
                waiting.remove(subscriber);
            } else {
                waiting.put(subscriber, Change.END);
                waiting.notifyAll();
            }
        }
    }

    /**
     * Stops announcing, and leaves the roster: what was not published yet is the others' to end. The roster refuses to
     * take this server back once it left, should the thread still be inside a round.
     */
    synchronized void stop() {
        running = false;
        roster.leave();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (running) {
                roundIfDue();
                Map.Entry<Subscriber, Change> next = next();
                if (next != null) {
                    announce(next.getKey(), next.getValue() != Change.END);
                }
            }
        } catch (InterruptedException e) {
            // Stopped.
        }
    }

    private Map.Entry<Subscriber, Change> next() throws InterruptedException {
        synchronized (waiting) {
            long untilRound = nextRound - System.nanoTime();
            if (waiting.isEmpty() && untilRound > 0) {
                TimeUnit.NANOSECONDS.timedWait(waiting, untilRound);
            }
            Iterator<Map.Entry<Subscriber, Change>> first = waiting.entrySet().iterator();
            if (!first.hasNext()) {
                return null;
            }
            Map.Entry<Subscriber, Change> head = first.next();
            Map.Entry<Subscriber, Change> next = Map.entry(head.getKey(), head.getValue());
            first.remove();
            return next;
        }
    }

    private void announce(Subscriber subscriber, boolean active) throws InterruptedException {
        for (Presence.Event event : Presence.events(subscriber, active)) {
            while (running && !published(event)) {
                Thread.sleep(RETRY.toMillis());
                roundIfDue();
            }
            roundIfDue();
        }
    }

    private boolean published(Presence.Event event) {
        try {
            roster.announce(event);
            failing = false;
            return true;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warning(() -> "Subscription events wait: " + e.getMessage() + ". Trying again every "
                        + RETRY.toMillis() + " ms; subscriptions go on meanwhile.");
            }
            failing = true;
            return false;
        }
    }

    private void roundIfDue() {
        if (nextRound - System.nanoTime() > 0) {
            return;
        }
        nextRound = System.nanoTime() + ROUND.toNanos();
        try {
            if (roster.maintain()) {
                everyone.accept(subscriber -> {
                    synchronized (waiting) {
                        waiting.putIfAbsent(subscriber, Change.RESTART);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Keeping the roster of subscriptions failed; trying again in a second", e);
        }
    }
}
