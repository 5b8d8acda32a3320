package dev.herald.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A publisher at a steady rate, as an application behind the hub would be: one update after another to one node, each
 * under an id of its own ({@code topic's tag-N}), never two at once. It keeps every attempt's status and duration;
 * an update is acknowledged when its publish answered 200, and only acknowledged updates are owed to subscribers.
 */
final class SteadyPublisher implements AutoCloseable {

    /** One publish: its id, its status (-1 when no answer came), how long it took, and what went wrong if it failed. */
    record Attempt(String id, int status, Duration took, String failure) {
    }

    private final HubClient hub;
    private final String topic;
    private final String tag;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "steady-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Attempt> attempts = new ArrayList<>();

    private SteadyPublisher(HubClient hub, String topic, String tag) {
        this.hub = hub;
        this.topic = topic;
        this.tag = tag;
    }

    /**
     * Publishes to {@code topic} on {@code hub} {@code perSecond} times a second until stopped; ids are
     * {@code tag-0}, {@code tag-1}, …. A publish that takes longer than the period delays the next rather than
     * overlapping it, so the acknowledged ids are in the order Redis took them.
     */
    static SteadyPublisher start(HubClient hub, String topic, String tag, int perSecond) {
        SteadyPublisher publisher = new SteadyPublisher(hub, topic, tag);
        publisher.clock.scheduleAtFixedRate(publisher::publishNext, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        return publisher;
    }

    /** Waits until {@code count} updates are acknowledged; fails after {@code timeout}. */
    void awaitAcknowledged(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " publishes were not acknowledged within " + timeout + ": " + this);
            }
            Thread.sleep(50);
        }
    }

    /** Publishes nothing more, and waits for the publish in progress to be answered. */
    void stop() throws InterruptedException {
        clock.shutdown();
        if (!clock.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new AssertionError("a publish did not end within 30 s: " + this);
        }
    }

    /** The ids of the updates whose publish answered 200, in the order they were published. */
    synchronized List<String> acknowledged() {
        return attempts.stream().filter(attempt -> attempt.status() == 200).map(Attempt::id).toList();
    }

    /** The ids of every publish tried, whatever the answer: nothing else may reach a subscriber. */
    synchronized List<String> tried() {
        return attempts.stream().map(Attempt::id).toList();
    }

    /** How many publishes answered each status. */
    synchronized Map<Integer, Long> statuses() {
        Map<Integer, Long> statuses = new TreeMap<>();
        attempts.forEach(attempt -> statuses.merge(attempt.status(), 1L, Long::sum));
        return statuses;
    }

    /** The longest a publish took. */
    synchronized Duration longest() {
        return attempts.stream().map(Attempt::took).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }

    /** The statuses, the longest publish, and every publish that did not answer 200, for a failure's message. */
    @Override
    public synchronized String toString() {
        return "publisher to " + hub + ": " + attempts.size() + " publishes, statuses " + statuses() + ", longest "
                + longest().toMillis() + " ms; not acknowledged: "
                + attempts.stream().filter(attempt -> attempt.status() != 200).toList();
    }

    private void publishNext() {
        String id;
        synchronized (this) {
            id = tag + "-" + attempts.size();
        }
        long started = System.nanoTime();
        Attempt attempt;
        try {
            HubClient.Answer answer = hub.publish(topic, id, "update " + id);
            attempt = new Attempt(id, answer.status(), answer.took(), answer.status() == 200 ? null : answer.body());
        } catch (IOException e) {
            attempt = new Attempt(id, -1, Duration.ofNanos(System.nanoTime() - started), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            attempts.add(attempt);
        }
    }
}
