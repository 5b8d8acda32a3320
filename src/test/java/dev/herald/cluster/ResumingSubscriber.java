package dev.herald.cluster;

import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A subscriber to one topic that behaves as a browser's {@code EventSource} behind a load balancer: on its own thread
 * it reads the stream and records every event's id, every {@code gap} event and every heartbeat; when the stream ends
 * or cannot be opened, it connects again, to whichever node it was last {@linkplain #moveTo moved to}, with the last id
 * it received as {@code Last-Event-ID}.
 */
final class ResumingSubscriber implements AutoCloseable {

    /** How long to wait before connecting again: less than the hub's retry hint, to keep the tests short. */
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(250);
    /** Three heartbeats missed: the stream is dead even if its socket is not closed. */
    private static final Duration SILENCE = Duration.ofSeconds(15);
    /** How often the reader looks up from the stream to see whether it was closed. */
    private static final Duration SLICE = Duration.ofMillis(500);

    private final String name;
    private final String topic;
    private final Thread reader;
    private volatile HubClient node;
    private volatile boolean closed;
    private volatile SseConnection connection;
    private final List<String> ids = new ArrayList<>();
    private final List<String> gaps = new ArrayList<>();
    private final List<String> troubles = new ArrayList<>();
    private int connections;
    private int heartbeats;
    private int farewells;

    private ResumingSubscriber(String name, HubClient node, String topic) {
        this.name = name;
        this.node = node;
        this.topic = topic;
        this.reader = new Thread(this::run, "resuming-subscriber " + name);
        reader.setDaemon(true);
    }

    /**
     * Subscribes to {@code topic} on {@code node} and returns once the stream is open, when the hub has registered the
     * subscription; fails if it does not open within {@code timeout}.
     */
    static ResumingSubscriber open(String name, HubClient node, String topic, Duration timeout)
            throws InterruptedException {
        ResumingSubscriber subscriber = new ResumingSubscriber(name, node, topic);
        subscriber.reader.start();
        subscriber.awaitConnections(1, timeout);
        return subscriber;
    }

    /** Where the next connection goes, as a load balancer would send it once a node is gone. */
    void moveTo(HubClient node) {
        this.node = node;
    }

    /** Waits until the stream has been opened {@code count} times in all; fails after {@code timeout}. */
    synchronized void awaitConnections(int count, Duration timeout) throws InterruptedException {
        awaitTrue(() -> connections >= count, timeout, "did not open its stream " + count + " times");
    }

    /** Waits until every one of {@code expected} has been received; fails after {@code timeout}. */
    synchronized void awaitIds(Collection<String> expected, Duration timeout) throws InterruptedException {
        awaitTrue(() -> new HashSet<>(ids).containsAll(expected), timeout,
                "did not receive all of the " + expected.size() + " ids " + expected);
    }

    /** Waits until at least {@code count} ids have been received; fails after {@code timeout}. */
    synchronized void awaitIdCount(int count, Duration timeout) throws InterruptedException {
        awaitTrue(() -> ids.size() >= count, timeout, "did not receive " + count + " ids");
    }

    /** The ids of the events received, in order, across every connection. */
    synchronized List<String> ids() {
        return List.copyOf(ids);
    }

    /** The data of every {@code gap} event received. */
    synchronized List<String> gaps() {
        return List.copyOf(gaps);
    }

    /** How many times the stream was opened (1 for a subscriber that never had to reconnect). */
    synchronized int connections() {
        return connections;
    }

    /** How many streams ended with the hub's farewell: a {@code retry} to reconnect soon, as the server stopped. */
    synchronized int farewells() {
        return farewells;
    }

    /** How many heartbeat comments arrived. */
    synchronized int heartbeats() {
        return heartbeats;
    }

    @Override
    public void close() {
        closed = true;
        SseConnection current = connection;
        if (current != null) {
            current.close();
        }
        reader.interrupt();
    }

    /** Everything recorded, for a failure's message. */
    @Override
    public synchronized String toString() {
        return "subscriber " + name + " (now on " + node + "): " + connections + " connections, " + heartbeats
                + " heartbeats, " + farewells + " farewells, gaps " + gaps + ", troubles " + troubles + ", " + ids.size() + " ids " + ids;
    }

    private void run() {
        while (!closed) {
            try {
                connection = node.subscribe(topic, resumeFrom());
                if (connection.status() != 200) {
                    trouble(node + " answered " + connection.status());
                    connection.close();
                } else {
                    read(connection);
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                // Refused or reset by a node that is gone, or interrupted by close(): either way, try again or end.
                trouble(node + ": " + e);
            }
            if (!closed) {
                try {
                    Thread.sleep(RECONNECT_DELAY.toMillis());
                } catch (InterruptedException e) {
                    return; // close() interrupts
                }
            }
        }
    }

    /**
     * The last id received; before any, {@code earliest}: each test's topic is its own, so everything kept on it is
     * what this subscriber could have missed.
     */
    private synchronized Map<String, String> resumeFrom() {
        if (connections == 0) {
            return Map.of();
        }
        return Map.of("Last-Event-ID", ids.isEmpty() ? "earliest" : ids.get(ids.size() - 1));
    }

    /** Reads one connection until it ends, goes silent, or the subscriber is closed. */
    private void read(SseConnection stream) {
        synchronized (this) {
            connections++;
            notifyAll();
        }
        long silentSince = System.nanoTime();
        while (!closed) {
            SseEvent event;
            try {
                event = stream.nextOrEnd(SLICE);
            } catch (AssertionError nothingYet) {
                if (System.nanoTime() - silentSince > SILENCE.toNanos()) {
                    trouble("nothing arrived for " + SILENCE.toSeconds() + " s; reconnecting");
                    stream.close();
                    return;
                }
                continue;
            }
            if (event == null) {
                trouble("the stream ended");
                return;
            }
            silentSince = System.nanoTime();
            record(event);
        }
        stream.close();
    }

    private synchronized void record(SseEvent event) {
        if ("gap".equals(event.event())) {
            gaps.add(event.data());
        } else if (event.id() != null) {
            ids.add(event.id());
        } else if (event.comments().contains("heartbeat")) {
            heartbeats++;
        } else if (event.comments().contains("herald is stopping") && event.retry() != null) {
            farewells++;
        }
        notifyAll();
    }

    private synchronized void trouble(String what) {
        troubles.add(what);
    }

    /** Waits on this object's monitor, which every change notifies; call with it held. */
    private void awaitTrue(BooleanSupplier condition, Duration timeout, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(failure + " within " + timeout + ": " + this);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
