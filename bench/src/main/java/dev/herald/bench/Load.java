package dev.herald.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Publishes at a set rate for a while and measures what the subscribers receive, and how long each publish request
 * took to be answered.
 */
final class Load {

    private static final int QUIET_SECONDS = 30;

    private Load() {
    }

    /**
     * @param rate    updates per second to publish
     * @param seconds how long to measure, after what an earlier load left queued is delivered and one second of
     *                warm-up
     * @param padding appended to each update's timestamp, to make updates larger
     */
    static Measurement run(Target target, Subscribers subscribers, String topic, double rate, int seconds,
                           String padding) throws IOException, InterruptedException {
        return run(target, List.of(subscribers), topic, rate, seconds, padding).all();
    }

    /**
     * The same, with the subscribers in several groups (one per node of a cluster), each measured on its own as well.
     */
    static Split run(Target target, List<Subscribers> groups, String topic, double rate, int seconds,
                     String padding) throws IOException, InterruptedException {
        // A server still behind from the previous load would have its backlog counted as this load's deliveries.
        awaitQuiet(groups);
        publishFor(target, topic, rate, 1, padding, newHistogram());
        Thread.sleep(200);
        long[] deliveriesBefore = new long[groups.size()];
        long[] lostBefore = new long[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).takeLatency();
            deliveriesBefore[i] = groups.get(i).deliveries();
            lostBefore[i] = groups.get(i).lost();
        }
        CpuTime cpuBefore = target.cpuTime();
        long started = System.nanoTime();
        Histogram publishLatency = newHistogram();
        long[] outcome = publishFor(target, topic, rate, seconds, padding, publishLatency);
        Thread.sleep(500); // let the last updates arrive
        double elapsed = (System.nanoTime() - started) / 1e9;
        CpuTime cpu = target.cpuTime().since(cpuBefore);
        List<Measurement> nodes = new ArrayList<>();
        Histogram latency = newHistogram();
        long deliveries = 0;
        long lost = 0;
        for (int i = 0; i < groups.size(); i++) {
            long delivered = groups.get(i).deliveries() - deliveriesBefore[i];
            Measurement node = new Measurement(outcome[0] / (double) seconds, delivered / elapsed,
                    groups.get(i).takeLatency(), outcome[1], groups.get(i).lost() - lostBefore[i], CpuTime.UNKNOWN,
                    delivered, publishLatency);
            nodes.add(node);
            latency.add(node.latency());
            deliveries += delivered;
            lost += node.connectionsLost();
        }
        return new Split(new Measurement(outcome[0] / (double) seconds, deliveries / elapsed, latency, outcome[1],
                lost, cpu, deliveries, publishLatency), nodes);
    }

    /** Waits until what was published so far has been delivered: no group received anything for half a second. */
    static void awaitQuiet(List<Subscribers> groups) throws InterruptedException {
        for (Subscribers group : groups) {
            if (!group.awaitQuiet(QUIET_SECONDS)) {
                System.out.printf("  (still delivering after %d s)%n", QUIET_SECONDS);
            }
        }
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
