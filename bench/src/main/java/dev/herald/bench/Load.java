package dev.herald.bench;

import java.io.IOException;

/** Publishes at a set rate for a while and measures what the subscribers receive. */
final class Load {

    private Load() {
    }

    /**
     * @param rate    updates per second to publish
     * @param seconds how long to measure, after one second of warm-up
     * @param padding appended to each update's timestamp, to make updates larger
     */
    static Measurement run(Target target, Subscribers subscribers, String topic, double rate, int seconds,
                           String padding) throws IOException, InterruptedException {
        publishFor(target, topic, rate, 1, padding);
        Thread.sleep(200);
        subscribers.takeLatency();
        long deliveriesBefore = subscribers.deliveries();
        long lostBefore = subscribers.lost();
        CpuTime cpuBefore = target.cpuTime();
        long started = System.nanoTime();
        long[] outcome = publishFor(target, topic, rate, seconds, padding);
        Thread.sleep(500); // let the last updates arrive
        double elapsed = (System.nanoTime() - started) / 1e9;
        long deliveries = subscribers.deliveries() - deliveriesBefore;
        return new Measurement(outcome[0] / (double) seconds, deliveries / elapsed, subscribers.takeLatency(),
                outcome[1], subscribers.lost() - lostBefore, target.cpuTime().since(cpuBefore), deliveries);
    }

    /** @return the number published and the number of errors */
    private static long[] publishFor(Target target, String topic, double rate, int seconds, String padding)
            throws IOException, InterruptedException {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long next = start;
        long published = 0;
        long errors = 0;
        // A target slower than the rate ends the step on time all the same, having published fewer.
        while (next < end && System.nanoTime() < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            try {
                target.publish(topic, System.nanoTime() + padding);
                published++;
            } catch (IOException e) {
                errors++;
            }
            next += interval;
        }
        return new long[] {published, errors};
    }
}
