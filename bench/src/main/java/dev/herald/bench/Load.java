package dev.herald.bench;

import java.io.IOException;

/** Publishes at a set rate for a while and measures what the subscribers receive. */
final class Load {

    private Load() {
    }

    /**
     * @param rate    updates per second to publish
     * @param seconds how long to measure, after one second of warm-up
     */
    static Measurement run(Target target, Subscribers subscribers, String topic, double rate, int seconds)
            throws InterruptedException {
        publishFor(target, topic, rate, 1);
        Thread.sleep(200);
        subscribers.takeLatency();
        long deliveriesBefore = subscribers.deliveries();
        long lostBefore = subscribers.lost();
        long started = System.nanoTime();
        long[] outcome = publishFor(target, topic, rate, seconds);
        Thread.sleep(500); // let the last updates arrive
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Measurement(outcome[0] / (double) seconds, (subscribers.deliveries() - deliveriesBefore) / elapsed,
                subscribers.takeLatency(), outcome[1], subscribers.lost() - lostBefore);
    }

    /** @return the number published and the number of errors */
    private static long[] publishFor(Target target, String topic, double rate, int seconds)
            throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long next = start;
        long published = 0;
        long errors = 0;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            try {
                target.publish(topic, Long.toString(System.nanoTime()));
                published++;
            } catch (IOException e) {
                errors++;
            }
            next += interval;
        }
        return new long[] {published, errors};
    }
}
