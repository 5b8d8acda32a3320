package dev.herald.bench;

import java.io.IOException;
import org.HdrHistogram.Histogram;

/**
 * Publishes at a set rate for a while and measures what the subscribers receive, and how long each publish request
 * took to be answered.
 */
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
        publishFor(target, topic, rate, 1, padding, newHistogram());
        Thread.sleep(200);
        subscribers.takeLatency();
        long deliveriesBefore = subscribers.deliveries();
        long lostBefore = subscribers.lost();
        CpuTime cpuBefore = target.cpuTime();
        long started = System.nanoTime();
        Histogram publishLatency = newHistogram();
        long[] outcome = publishFor(target, topic, rate, seconds, padding, publishLatency);
        Thread.sleep(500); // let the last updates arrive
        double elapsed = (System.nanoTime() - started) / 1e9;
        long deliveries = subscribers.deliveries() - deliveriesBefore;
        return new Measurement(outcome[0] / (double) seconds, deliveries / elapsed, subscribers.takeLatency(),
                outcome[1], subscribers.lost() - lostBefore, target.cpuTime().since(cpuBefore), deliveries,
                publishLatency);
    }

    /** Nanoseconds, with the same range and precision as the subscribers' latency. */
    private static Histogram newHistogram() {
        return new Histogram(Subscribers.HOUR_NANOS, 3);
    }

    /**
     * Records into {@code publishLatency} the time from sending each publish request until its response arrived,
     * refused ones included: a hub that does its fan-out on the publisher's thread shows it here.
     *
     * @return the number published and the number of errors
     */
    private static long[] publishFor(Target target, String topic, double rate, int seconds, String padding,
                                     Histogram publishLatency) throws IOException, InterruptedException {
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
            long sent = System.nanoTime();
            try {
                target.publish(topic, sent + padding);
                published++;
            } catch (IOException e) {
                errors++;
            }
            publishLatency.recordValue(Math.min(System.nanoTime() - sent, publishLatency.getHighestTrackableValue()));
            next += interval;
        }
        return new long[] {published, errors};
    }
}
