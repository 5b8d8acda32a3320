package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;

/**
 * 10,000 subscribers of one topic split evenly over the target's nodes, the publisher on the first: the fixed rate of
 * 10 updates/s, then the publish rate stepping up as in the fan-out. On a cluster, the second node's subscribers see
 * what the hop through Redis costs; on a single server (the reference) all subscribers are on it.
 */
final class Cluster implements Scenario {

    static final int SUBSCRIBERS = 10_000;
    static final double RATE = 10;
    private static final String TOPIC = "cluster";
    private final int fixedSeconds;
    private final int stepSeconds;

    Cluster(int fixedSeconds, int stepSeconds) {
        this.fixedSeconds = fixedSeconds;
        this.stepSeconds = stepSeconds;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        List<Subscribers> groups = Subscribers.split(system, TOPIC, SUBSCRIBERS);
        try {
            for (Subscribers group : groups) {
                group.awaitOpen(120);
            }
            // The fixed rate first: the saturation steps may leave a backlog behind them.
            Split fixed;
            try (FollowLag lag = new FollowLag(system.nodes())) {
                fixed = Load.run(system, groups, TOPIC, RATE, fixedSeconds, "");
                results.clusterFollowLag = IntStream.range(0, groups.size()).mapToObj(i -> lag.maxEntries(i) < 0
                        ? "—" : lag.maxEntries(i) + " entries, " + lag.maxMillis(i) + " ms").toList();
            }
            System.out.println("  cluster fixed rate: each node's follower at most behind Redis by "
                    + results.clusterFollowLag);
            results.clusterFixed = fixed;
            // Other work on the machine (builds, tests) moves latency more than anything measured here.
            results.clusterLoad = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            for (int node = 0; node < groups.size(); node++) {
                Measurement m = fixed.nodes().get(node);
                System.out.printf("  cluster fixed rate, node %d's %,d subscribers: %,.0f deliveries/s, p50 %.1f ms,"
                                + " p99 %.1f ms, p99.9 %.1f ms, max %.1f ms, %d connections lost%n", node + 1,
                        SUBSCRIBERS / groups.size(), m.deliveriesPerSecond(), m.millis(50), m.millis(99),
                        m.millis(99.9), m.maxMillis(), m.connectionsLost());
            }
            System.out.printf("  cluster fixed rate, all: publish p50 %.2f ms p99 %.2f ms, %d errors, %.2f µs of"
                            + " server CPU per delivery; machine load %s%n", fixed.all().publishMillis(50),
                    fixed.all().publishMillis(99), fixed.all().publishErrors(), fixed.all().cpuMicrosPerDelivery(),
                    results.clusterLoad);
            // Every subscriber should have every update: once nothing more arrives, compare them.
            Load.awaitQuiet(groups);
            results.clusterReceived = groups.stream().map(Subscribers::receivedPerSubscriber).toList();
            for (int node = 0; node < groups.size(); node++) {
                LongSummaryStatistics received = results.clusterReceived.get(node);
                System.out.printf("  cluster fixed rate, node %d: each subscriber received %d to %d updates%n",
                        node + 1, received.getMin(), received.getMax());
            }
            ramp(system, groups, results);
        } finally {
            Subscribers.closeAll(groups);
        }
    }

    /**
     * As {@link FanOut} does, until two steps in a row add less than 5 % deliveries, but ended by p99 only when it
     * passes 2 s in two steps in a row: with three or four busy processes on two shared cores, one stall of a second or
     * two (a GC, another job) otherwise ends the ramp at 2 updates/s, which says nothing about saturation.
     */
    private void ramp(Target system, List<Subscribers> groups, Results results)
            throws IOException, InterruptedException {
        double best = 0;
        int flat = 0;
        int slow = 0;
        for (double rate : FanOut.RATES) {
            Split step = Load.run(system, groups, TOPIC, rate, stepSeconds, "");
            results.clusterSteps.add(step);
            StringBuilder nodes = new StringBuilder();
            for (int node = 0; node < step.nodes().size(); node++) {
                nodes.append(String.format(", node %d p99 %.1f ms", node + 1, step.nodes().get(node).millis(99)));
            }
            System.out.printf("  cluster at %.0f/s: %,.0f deliveries/s%s, %d publish errors, %d connections lost%n",
                    rate, step.all().deliveriesPerSecond(), nodes, step.all().publishErrors(),
                    step.all().connectionsLost());
            flat = step.all().deliveriesPerSecond() > best * 1.05 ? 0 : flat + 1;
            best = Math.max(best, step.all().deliveriesPerSecond());
            slow = step.all().millis(99) > 2_000 ? slow + 1 : 0;
            if (flat == 2 || slow == 2) {
                break;
            }
        }
    }
}
