package dev.herald.bench;

import java.io.IOException;

/**
 * Publishes at a steady rate on its own thread until closed, each update's data the time it was sent
 * ({@link System#nanoTime()}, as {@link Subscribers} expect): the traffic a scenario runs its own events against.
 */
final class SteadyPublisher implements AutoCloseable {

    private final Target target;
    private final String topic;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long published;
    private volatile long errors;
    private volatile long lastSent;

    SteadyPublisher(Target target, String topic, double rate) {
        this.target = target;
        this.topic = topic;
        this.intervalNanos = (long) (1e9 / rate);
        thread = new Thread(this::run, "steady-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Updates the hub accepted so far. */
    long published() {
        return published;
    }

    /** Publications the hub refused or did not answer. */
    long errors() {
        return errors;
    }

    /** The send time in the latest update the hub accepted; 0 before the first. */
    long lastSent() {
        return lastSent;
    }

    /** Stops publishing once the request under way, if any, is answered; gives up on a hub that does not answer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
        if (thread.isAlive()) {
            thread.interrupt();
            throw new IllegalStateException("a publish request was not answered within 30 s");
        }
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long sent = System.nanoTime();
            try {
                target.publish(topic, Long.toString(sent));
                lastSent = sent;
                published++;
            } catch (IOException e) {
                errors++;
            } catch (InterruptedException e) {
                return;
            }
            next += intervalNanos;
        }
    }
}
