package dev.herald.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Writes benchmarks.md and its charts from one run; a scenario or system that was not run shows as a dash. */
final class Report {

    private static final String NONE = "—";

    private final List<Results> all;
    private final Results payara;
    private final Results nchan;
    private final StringBuilder md = new StringBuilder();

    private Report(List<Results> all) {
        this.all = all;
        this.payara = all.stream().filter(r -> r.target.contains("Payara")).findFirst().orElse(null);
        this.nchan = all.stream().filter(r -> r.target.contains("1 worker")).findFirst().orElse(null);
    }

    static void write(Path directory, List<Results> all) throws IOException {
        Files.createDirectories(directory);
        Report report = new Report(all);
        if (all.stream().anyMatch(r -> !r.fanout.isEmpty())) {
            report.throughputChart(directory.resolve("bench-throughput.png"));
        }
        if (all.stream().anyMatch(r -> r.fixedRate != null)) {
            report.latencyChart(directory.resolve("bench-latency.png"));
        }
        Files.writeString(directory.resolve("benchmarks.md"), report.markdown());
    }

    private String markdown() {
        md.append("# Benchmarks\n\n")
                .append("Written by `bench/` (see bench/README.md) from one run on ").append(LocalDate.now())
                .append(". Every system ran on this machine, one after another, driven by the same load generator")
                .append(" (one JVM, one selector thread for all subscribers) on the same two cores.\n\n")
                .append("## Machine\n\n")
                .append("- ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memoryGiB()).append(" GiB memory\n")
                .append("- load generator JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append('\n')
                .append("- servers: Payara Micro 6.2025.10 and WildFly 39.0.1.Final (Maven Central), each with")
                .append(" `-Xmx2g -XX:+UseG1GC`; nginx ").append(nginxVersion())
                .append(" with Nchan 1.3.6 (Debian)\n\n");
        summary();
        fanout();
        fixedRate();
        idle();
        replay();
        slowConsumers();
        churn();
        storm();
        nearLimit();
        if (all.stream().anyMatch(r -> r.clusterFixed != null)) {
            cluster();
        }
        everyStep();
        failures();
        return md.toString();
    }

    private void summary() {
        md.append("## Against the targets\n\n")
                .append("The targets are issue 13's, for Herald on each server; the ratio is Herald on Payara Micro")
                .append(" against nginx + Nchan with one worker.\n\n");
        header("scenario", "Herald on Payara Micro / Nchan 1w", "target", "met");
        row("fan-out, 10,000 subscribers: best deliveries/s", r -> perSecond(r.saturated(10_000)),
                ratio(r -> r.saturated(10_000) == null ? Double.NaN : r.saturated(10_000).deliveriesPerSecond()),
                "≥ 2 × Nchan 1 worker", met(r -> nchan != null && r.saturated(10_000) != null
                        && nchan.saturated(10_000) != null && r.saturated(10_000).deliveriesPerSecond()
                        >= 2 * nchan.saturated(10_000).deliveriesPerSecond()));
        row("fixed rate 10,000 × 10/s: p99", r -> r.fixedRate == null ? NONE : millis(r.fixedRate.millis(99)),
                ratio(r -> r.fixedRate == null ? Double.NaN : r.fixedRate.millis(99)), "≤ Nchan 1 worker",
                met(r -> nchan != null && r.fixedRate != null && nchan.fixedRate != null
                        && r.fixedRate.millis(99) <= nchan.fixedRate.millis(99)));
        row("idle: heap per subscriber", r -> r.heapPerSubscriber < 0 ? NONE : bytes(r.heapPerSubscriber), NONE,
                "≤ 10 KB", met(r -> r.heapPerSubscriber >= 0 && r.heapPerSubscriber <= 10_000));
        row("idle: RSS per subscriber", r -> r.rssPerSubscriber < 0 ? NONE : bytes(r.rssPerSubscriber),
                ratio(r -> r.rssPerSubscriber < 0 ? Double.NaN : r.rssPerSubscriber), NONE, NONE);
        row("replay of 1,000 missed: slowest of " + Replay.RECONNECTIONS,
                r -> r.replay == null ? NONE : millis(r.replay.getMaxValue() / 1e6),
                ratio(r -> r.replay == null ? Double.NaN : r.replay.getMaxValue()), "< 50 ms",
                met(r -> r.replay != null && r.replay.getMaxValue() < 50_000_000L));
        row("slow consumers: readers' p99 with 10 stalled / without", r -> r.slowAlone == null ? NONE
                        : String.format(Locale.ROOT, "%.2f×", slowRatio(r)), NONE, "≤ 1.2×",
                met(r -> r.slowAlone != null && slowRatio(r) <= 1.2));
        row("churn: slowest of " + Churn.WAVES + " waves of 10,000 departed clients let go", r -> churnSeconds(r),
                NONE, "≤ 5 s", met(r -> r.churnSettled && r.churnSettleSeconds >= 0 && r.churnSettleSeconds <= 5));
        row("churn: subscribers left after " + Churn.WAVES + " waves of 10,000", r -> r.churnSettleSeconds < 0 ? NONE
                : Integer.toString(r.churnSubscribersLeft), NONE, "0",
                met(r -> r.churnSettleSeconds >= 0 && r.churnSubscribersLeft <= 0));
        row("reconnect storm: updates lost or duplicated, connections failed", r -> r.storm == null ? NONE
                : stormDefects(r.storm) + ", " + r.storm.failedConnections(), NONE, "0, 0",
                met(r -> r.storm != null && stormDefects(r.storm) == 0 && r.storm.failedConnections() == 0));
        row("18,000 subscribers: best deliveries/s, p99 at 10/s", r -> r.limitFixed == null ? NONE
                : perSecond(r.limitSaturated()) + ", " + millis(r.limitFixed.millis(99)), NONE, NONE, NONE);
        md.append('\n');
    }

    private void fanout() {
        md.append("## Fan-out: maximum deliveries per second\n\n")
                .append("One topic; the publish rate steps up (1, 2, 5, 10, 20, 50, 100, 200, 500 updates/s) until")
                .append(" two steps in a row add less than 5 % deliveries, or p99 passes 2 s. The best step, the")
                .append(" p99 delivery latency at it, and the p99 of the publish requests' response time (the")
                .append(" publisher waits for each response before it sends the next).\n\n");
        header("subscribers", "Herald on Payara Micro / Nchan 1w");
        for (int count : FanOut.SUBSCRIBERS) {
            row(String.format(Locale.ROOT, "%,d", count), r -> {
                Measurement best = r.saturated(count);
                return best == null ? NONE : String.format(Locale.ROOT, "%,.0f/s, p99 %.0f ms, publish p99 %.1f ms",
                        best.deliveriesPerSecond(), best.millis(99), best.publishMillis(99));
            }, ratio(r -> r.saturated(count) == null ? Double.NaN : r.saturated(count).deliveriesPerSecond()));
        }
        md.append("\n![Deliveries per second against subscribers](bench-throughput.png)\n\n");
    }

    private void fixedRate() {
        md.append("## Fixed rate: 10,000 subscribers, 10 updates/s\n\n");
        header("", "Herald on Payara Micro / Nchan 1w");
        for (double percentile : new double[] {50, 90, 99, 99.9, 100}) {
            row(percentile == 100 ? "max" : "p" + trim(percentile),
                    r -> r.fixedRate == null ? NONE : millis(r.fixedRate.millis(percentile)),
                    ratio(r -> r.fixedRate == null ? Double.NaN : r.fixedRate.millis(percentile)));
        }
        // The publisher's side: how long the hub took to accept an update, next to how long it took to deliver it.
        for (double percentile : new double[] {50, 99, 100}) {
            row("publish request " + (percentile == 100 ? "max" : "p" + trim(percentile)),
                    r -> r.fixedRate == null ? NONE : millis(r.fixedRate.publishMillis(percentile)),
                    ratio(r -> r.fixedRate == null ? Double.NaN : r.fixedRate.publishMillis(percentile)));
        }
        row("deliveries/s", r -> r.fixedRate == null ? NONE : perSecond(r.fixedRate), NONE);
        row("server CPU per delivery", r -> r.fixedRate == null ? NONE : micros(r.fixedRate.cpuMicrosPerDelivery()),
                ratio(r -> r.fixedRate == null ? Double.NaN : r.fixedRate.cpuMicrosPerDelivery()));
        row("… of it in the kernel", r -> r.fixedRate == null ? NONE
                : micros(r.fixedRate.kernelMicrosPerDelivery()), NONE);
        row("publish errors / connections lost", r -> r.fixedRate == null ? NONE
                : r.fixedRate.publishErrors() + " / " + r.fixedRate.connectionsLost(), NONE);
        md.append("\n![Latency percentiles at a fixed rate](bench-latency.png)\n\n");
    }

    private void idle() {
        md.append("## Idle: memory per subscriber\n\n")
                .append(Idle.SUBSCRIBERS).append(" idle subscribers; each figure minus the same server without them.")
                .append(" nginx has no garbage-collected heap.\n\n");
        header("");
        row("heap after a full GC", r -> r.heapPerSubscriber < 0 ? NONE : bytes(r.heapPerSubscriber));
        row("RSS", r -> r.rssPerSubscriber < 0 ? NONE : bytes(r.rssPerSubscriber));
        md.append('\n');
    }

    private void replay() {
        md.append("## Replay: 1,000 missed updates\n\n")
                .append("A subscriber reconnects with a `Last-Event-ID` 1,000 updates back, ")
                .append(Replay.RECONNECTIONS)
                .append(" times in a row: the time from opening the connection until the 1,000th missed update")
                .append(" arrived.\n\n");
        header("");
        for (double percentile : new double[] {50, 90, 100}) {
            row(percentile == 100 ? "slowest" : "p" + trim(percentile), r -> r.replay == null ? NONE
                    : millis(r.replay.getValueAtPercentile(percentile) / 1e6));
        }
        row("updates received by the last one", r -> r.replay == null ? NONE : Long.toString(r.replayReceived));
        md.append('\n');
    }

    private void slowConsumers() {
        md.append("## Slow consumers\n\n")
                .append(SlowConsumers.READERS).append(" subscribers that read, ").append(trim(SlowConsumers.RATE))
                .append(" updates/s of 8 KiB each, measured alone and then with ").append(SlowConsumers.STALLED)
                .append(" more subscribers that never read (4 KiB receive window), ").append(SlowConsumers.SECONDS)
                .append(" s each. Memory growth is measured across the run with the stalled subscribers.\n\n");
        header("");
        row("readers' p99 alone", r -> r.slowAlone == null ? NONE : millis(r.slowAlone.millis(99)));
        row("readers' p99 with the stalled ones", r -> r.slowWithStalled == null ? NONE
                : millis(r.slowWithStalled.millis(99)));
        row("ratio", r -> r.slowAlone == null ? NONE : String.format(Locale.ROOT, "%.2f×", slowRatio(r)));
        row("stalled subscribers still connected", r -> r.slowAlone == null ? NONE
                : Integer.toString(r.stalledStillConnected));
        row("heap growth after a full GC", r -> r.slowHeapGrowth == Results.UNKNOWN || r.slowAlone == null
                ? NONE : signedBytes(r.slowHeapGrowth));
        row("RSS growth", r -> r.slowAlone == null ? NONE : signedBytes(r.slowRssGrowth));
        md.append('\n');
    }

    private void churn() {
        md.append("## Churn\n\n")
                .append(Churn.WAVES).append(" waves: ").append(String.format(Locale.ROOT, "%,d", Churn.SUBSCRIBERS))
                .append(" subscribers connect, and once all are open they all disconnect; the next wave starts when")
                .append(" the server's own subscriber count is back where it was. nginx sees a closed socket at once;")
                .append(" Herald learns of it by writing: it probes streams silent for a second (herald.idle-probe).")
                .append(" Memory is compared before the first wave and after the last.\n\n");
        header("");
        row("slowest wave to be noticed", Report::churnSeconds);
        row("subscribers left over", r -> r.churnSettleSeconds < 0 ? NONE
                : Integer.toString(r.churnSubscribersLeft));
        row("heap growth after a full GC", r -> r.churnHeapGrowth == Results.UNKNOWN
                || r.churnSettleSeconds < 0 ? NONE : signedBytes(r.churnHeapGrowth));
        row("RSS growth", r -> r.churnSettleSeconds < 0 ? NONE : signedBytes(r.churnRssGrowth));
        md.append('\n');
    }

    private void storm() {
        md.append("## Reconnect storm\n\n")
                .append(String.format(Locale.ROOT, "%,d", all.stream().filter(r -> r.storm != null)
                        .mapToInt(r -> r.storm.subscribers()).max().orElse(ReconnectStorm.SUBSCRIBERS)))
                .append(" subscribers of one topic, all dropped at once and, half a second later, all reconnecting")
                .append(" at once with the")
                .append(" `Last-Event-ID` of the last update each received, several")
                .append(" times, a few seconds apart, while ").append(trim(ReconnectStorm.RATE))
                .append(" updates/s are published. \"Live\" is when every subscriber has received an update sent")
                .append(" after the drop. Every subscriber should end with every update, once. The peaks are")
                .append(" sampled every 100 ms through the storms: open files of the fullest process (the limit")
                .append(" here is 20,000 per process), resident memory, and used heap with its garbage.\n\n");
        header("");
        int rounds = all.stream().mapToInt(r -> r.storm == null ? 0 : r.storm.rounds().size()).max().orElse(0);
        for (int i = 0; i < rounds; i++) {
            int round = i;
            row("storm " + (i + 1) + ": all reconnected / all live", r -> r.storm == null
                    || r.storm.rounds().size() <= round ? NONE : String.format(Locale.ROOT, "%.2f s / %s",
                    r.storm.rounds().get(round).openSeconds(), Double.isNaN(r.storm.rounds().get(round).liveSeconds())
                            ? "never: a reconnection failed" : String.format(Locale.ROOT, "%.2f s",
                            r.storm.rounds().get(round).liveSeconds())));
        }
        row("updates published (errors)", r -> r.storm == null ? NONE
                : r.storm.published() + " (" + r.storm.publishErrors() + ")");
        row("received per subscriber, fewest … most", r -> r.storm == null ? NONE
                : r.storm.received().getMin() + " … " + r.storm.received().getMax());
        row("missed / extra / out of order", r -> r.storm == null ? NONE
                : r.storm.missed() + " / " + r.storm.extra() + " / " + r.storm.outOfOrder());
        row("connections refused or cut", r -> r.storm == null ? NONE : Long.toString(r.storm.failedConnections()));
        row("peak open files", r -> r.storm == null || r.storm.peakOpenFiles() < 0 ? NONE
                : String.format(Locale.ROOT, "%,d", r.storm.peakOpenFiles()));
        row("peak RSS", r -> r.storm == null || r.storm.peakRssBytes() < 0 ? NONE : bytes(r.storm.peakRssBytes()));
        row("peak heap used", r -> r.storm == null || r.storm.peakHeapBytes() < 0 ? NONE
                : bytes(r.storm.peakHeapBytes()));
        md.append('\n');
    }

    private void nearLimit() {
        md.append("## ").append(String.format(Locale.ROOT, "%,d", NearLimit.SUBSCRIBERS))
                .append(" subscribers on one server\n\n")
                .append("Near this machine's hard limit of 20,000 open files per process. Heap per subscriber after")
                .append(" a full GC (minus the empty server), the latency at ").append(trim(FixedRate.RATE))
                .append(" updates/s, and the best step as the publish rate rises as in the fan-out.\n\n");
        header("", "Herald on Payara Micro / Nchan 1w");
        row("heap per subscriber", r -> r.limitHeapPerSubscriber < 0 ? NONE : bytes(r.limitHeapPerSubscriber), NONE);
        for (double percentile : new double[] {50, 99, 100}) {
            row("at " + trim(FixedRate.RATE) + "/s: " + (percentile == 100 ? "max" : "p" + trim(percentile)),
                    r -> r.limitFixed == null ? NONE : millis(r.limitFixed.millis(percentile)),
                    ratio(r -> r.limitFixed == null ? Double.NaN : r.limitFixed.millis(percentile)));
        }
        row("best deliveries/s", r -> perSecond(r.limitSaturated()),
                ratio(r -> r.limitSaturated() == null ? Double.NaN : r.limitSaturated().deliveriesPerSecond()));
        row("… p99 at it", r -> r.limitSaturated() == null ? NONE : millis(r.limitSaturated().millis(99)), NONE);
        row("connections lost", r -> r.limitFixed == null ? NONE : Long.toString(r.limitFixed.connectionsLost()
                + r.limitSteps.stream().mapToLong(Measurement::connectionsLost).sum()), NONE);
        md.append('\n');
    }

    private static String churnSeconds(Results r) {
        return r.churnSettleSeconds < 0 ? NONE : r.churnSettled
                ? String.format(Locale.ROOT, "%.1f s", r.churnSettleSeconds)
                : "not within " + Churn.SETTLE_SECONDS + " s";
    }

    private static long stormDefects(ReconnectStorm.Outcome storm) {
        return storm.missed() + storm.extra() + storm.outOfOrder();
    }

    private void cluster() {
        Results heraldLocal = clusterResult(true, false);
        Results herald = clusterResult(true, true);
        Results nchanLocal = clusterResult(false, false);
        Results nchan = clusterResult(false, true);
        md.append("## Cluster: 10,000 subscribers over two nodes on one Redis\n\n")
                .append("Each cluster is two nodes sharing one fresh redis-server (Debian's, `appendonly yes`,")
                .append(" `appendfsync everysec`, no snapshots): Herald on two Payara Micro nodes with")
                .append(" `herald.transport=redis://…`, and two nginx instances (one worker each) with Nchan's Redis")
                .append(" storage (`nchan_redis_pass`, storage mode distributed). The publisher posts to node 1;")
                .append(" 5,000 subscribers are on node 1 and 5,000 on node 2, whose updates have all come through")
                .append(" Redis. The single servers (all 10,000 subscribers on one, today's local transport and")
                .append(" Nchan's own memory) ran in the same run, for reference. CPU is the cluster's processor time")
                .append(" (both nodes and redis-server) per delivery.\n\n")
                .append("### Against the targets\n\n")
                .append("| | Herald | nginx + Nchan | Herald / Nchan | target | met |\n|---|---|---|---|---|---|\n");
        Function<Results, Measurement> node2 = r -> r == null ? null : r.clusterFixed.nodes().get(1);
        Function<Results, Measurement> alone = r -> r == null ? null : r.clusterFixed.all();
        clusterRow("cross-node p99 (node 2's subscribers)", node2.apply(herald), node2.apply(nchan), 99,
                "≤ Nchan cross-instance", true);
        clusterRow("cross-node p50", node2.apply(herald), node2.apply(nchan), 50, NONE, false);
        clusterRow("single server p99 (reference)", alone.apply(heraldLocal), alone.apply(nchanLocal), 99, NONE,
                false);
        Split heraldBest = herald == null ? null : herald.clusterSaturated();
        Split nchanBest = nchan == null ? null : nchan.clusterSaturated();
        double ratio = heraldBest == null || nchanBest == null ? Double.NaN
                : heraldBest.all().deliveriesPerSecond() / nchanBest.all().deliveriesPerSecond();
        md.append("| cluster: best deliveries/s | ").append(heraldBest == null ? NONE : perSecond(heraldBest.all()))
                .append(" | ").append(nchanBest == null ? NONE : perSecond(nchanBest.all())).append(" | ")
                .append(times(ratio)).append(" | ≥ Nchan | ").append(Double.isNaN(ratio) ? NONE : ratio >= 1
                        ? "yes" : "**no**").append(" |\n");
        for (double percentile : new double[] {50, 99}) {
            md.append("| what the Redis hop adds: node 2's p").append(trim(percentile)).append(" − single server's")
                    .append(" | ").append(added(herald, heraldLocal, percentile)).append(" | ")
                    .append(added(nchan, nchanLocal, percentile)).append(" | — | — | — |\n");
        }
        md.append("\n### Fixed rate: 10,000 subscribers, 10 updates/s\n\n")
                .append("| system | subscribers | p50 | p90 | p99 | p99.9 | max | deliveries/s | publish p50 |")
                .append(" publish p99 | server CPU per delivery | publish errors / connections lost |")
                .append(" updates received per subscriber (fewest–most) | node's follower at most behind Redis |")
                .append(" machine load (1 min) after |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Results r : all) {
            if (r.clusterFixed == null) {
                continue;
            }
            List<Measurement> nodes = r.clusterFixed.nodes();
            for (int node = 0; node < nodes.size(); node++) {
                String who = nodes.size() == 1 ? "all 10,000 on one server" : String.format(Locale.ROOT,
                        "node %d's %,d%s", node + 1, Cluster.SUBSCRIBERS / nodes.size(), node == 0
                                ? " (the publisher's node)" : "");
                // A single server's one group is all of it, with the processor time (a node's alone has none).
                fixedRow(r.target, who, nodes.size() == 1 ? r.clusterFixed.all() : nodes.get(node),
                        node < r.clusterReceived.size()
                        ? r.clusterReceived.get(node).getMin() + "–" + r.clusterReceived.get(node).getMax() : NONE,
                        node < r.clusterFollowLag.size() ? r.clusterFollowLag.get(node) : NONE, r.clusterLoad);
            }
            if (nodes.size() > 1) {
                fixedRow(r.target, "all", r.clusterFixed.all(), NONE, NONE, r.clusterLoad);
            }
        }
        md.append("\n### Saturation: every step\n\n")
                .append("The publish rate steps up as in the fan-out (1, 2, 5, … updates/s) with the same 10,000")
                .append(" subscribers until two steps in a row add less than 5 % deliveries, or p99 passes 2 s in two steps in a")
                .append(" row (the fan-out stops at the first).\n\n")
                .append("| system | published/s | deliveries/s | p50 | p99 | node 1's p99 | node 2's p99 |")
                .append(" publish p99 | server CPU per delivery | publish errors | connections lost |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Results r : all) {
            for (Split step : r.clusterSteps) {
                Measurement m = step.all();
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f ms | %.1f ms | %s | %s | %.1f ms |"
                                + " %s | %d | %d |%n", r.target, m.publishedPerSecond(), m.deliveriesPerSecond(),
                        m.millis(50), m.millis(99), millis(step.nodes().get(0).millis(99)),
                        step.nodes().size() > 1 ? millis(step.nodes().get(1).millis(99)) : NONE,
                        m.publishMillis(99), micros(m.cpuMicrosPerDelivery()), m.publishErrors(),
                        m.connectionsLost()));
            }
        }
        md.append('\n');
    }

    /** The first result of the cluster scenario from Herald or not, on a cluster or on a single server. */
    private Results clusterResult(boolean isHerald, boolean onCluster) {
        return all.stream().filter(r -> r.clusterFixed != null && r.isHerald() == isHerald
                && (r.clusterFixed.nodes().size() > 1) == onCluster).findFirst().orElse(null);
    }

    private void clusterRow(String what, Measurement herald, Measurement nchan, double percentile, String target,
                            boolean judged) {
        double ratio = herald == null || nchan == null ? Double.NaN
                : herald.millis(percentile) / nchan.millis(percentile);
        md.append("| ").append(what).append(" | ").append(herald == null ? NONE : millis(herald.millis(percentile)))
                .append(" | ").append(nchan == null ? NONE : millis(nchan.millis(percentile))).append(" | ")
                .append(times(ratio)).append(" | ").append(target).append(" | ")
                .append(!judged || Double.isNaN(ratio) ? NONE : ratio <= 1 ? "yes" : "**no**").append(" |\n");
    }

    /** Node 2's percentile on the cluster minus the single server's, in the same run. */
    private static String added(Results cluster, Results single, double percentile) {
        if (cluster == null || single == null) {
            return NONE;
        }
        double added = cluster.clusterFixed.nodes().get(1).millis(percentile)
                - single.clusterFixed.all().millis(percentile);
        return String.format(Locale.ROOT, "%+.1f ms", added);
    }

    private void fixedRow(String system, String who, Measurement m, String received, String lag, String load) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d / %d | %s"
                        + " | %s | %s |%n",
                system, who, millis(m.millis(50)), millis(m.millis(90)), millis(m.millis(99)),
                millis(m.millis(99.9)), millis(m.maxMillis()), perSecond(m), millis(m.publishMillis(50)),
                millis(m.publishMillis(99)), micros(m.cpuMicrosPerDelivery()), m.publishErrors(),
                m.connectionsLost(), received, lag, load));
    }

    private static String times(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f×", ratio) : NONE;
    }

    private void everyStep() {
        md.append("## Every fan-out step\n\nLatency is from publish to receive; publish is the publish request's")
                .append(" response time.\n\n| system | subscribers | published/s | deliveries/s | p50 | p99 | max |")
                .append(" publish p50 | publish p99 | publish max | server CPU per delivery | errors | lost |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Results r : all) {
            r.fanout.forEach((count, steps) -> steps.forEach(m -> md.append(String.format(Locale.ROOT,
                    "| %s | %,d | %.1f | %,.0f | %.1f ms | %.1f ms | %.1f ms | %.2f ms | %.2f ms | %.1f ms | %s | %d"
                            + " | %d |%n", r.target, count, m.publishedPerSecond(), m.deliveriesPerSecond(),
                    m.millis(50), m.millis(99), m.maxMillis(), m.publishMillis(50), m.publishMillis(99),
                    m.publishMaxMillis(), micros(m.cpuMicrosPerDelivery()), m.publishErrors(),
                    m.connectionsLost()))));
        }
    }

    private void failures() {
        if (all.stream().allMatch(r -> r.failures.isEmpty())) {
            return;
        }
        md.append("\n## Scenarios that failed\n\n");
        all.forEach(r -> r.failures.forEach(failure -> md.append("- ").append(r.target).append(", ")
                .append(failure).append('\n')));
    }

    /** A table header: the first column, one column per system, then {@code more}. */
    private void header(String first, String... more) {
        md.append("| ").append(first).append(" |");
        all.forEach(r -> md.append(' ').append(r.target).append(" |"));
        for (String column : more) {
            md.append(' ').append(column).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(all.size() + more.length)).append('\n');
    }

    private void row(String first, Function<Results, String> cell, String... more) {
        md.append("| ").append(first).append(" |");
        all.forEach(r -> md.append(' ').append(cell.apply(r)).append(" |"));
        for (String column : more) {
            md.append(' ').append(column).append(" |");
        }
        md.append('\n');
    }

    /** Herald on Payara Micro's figure divided by Nchan with one worker's. */
    private String ratio(Function<Results, Double> figure) {
        if (payara == null || nchan == null) {
            return NONE;
        }
        double ratio = figure.apply(payara) / figure.apply(nchan);
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f×", ratio) : NONE;
    }

    private static double slowRatio(Results r) {
        return r.slowWithStalled.millis(99) / r.slowAlone.millis(99);
    }

    /** Whether each Herald server met a target, e.g. "Payara Micro yes, WildFly **no**". */
    private String met(Predicate<Results> goal) {
        List<String> verdicts = all.stream().filter(Results::isHerald)
                .map(r -> r.target.replace("Herald on ", "") + (goal.test(r) ? " yes" : " **no**")).toList();
        return verdicts.isEmpty() ? NONE : String.join(", ", verdicts);
    }

    private static String perSecond(Measurement m) {
        return m == null ? NONE : String.format(Locale.ROOT, "%,.0f/s", m.deliveriesPerSecond());
    }

    private static String millis(double millis) {
        return Double.isNaN(millis) ? NONE : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static String micros(double micros) {
        return Double.isNaN(micros) ? NONE : String.format(Locale.ROOT, "%.1f µs", micros);
    }

    private static String bytes(long bytes) {
        return String.format(Locale.ROOT, "%,d B", bytes);
    }

    private static String signedBytes(long bytes) {
        return String.format(Locale.ROOT, "%+,d B", bytes);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private void throughputChart(Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Fan-out: best deliveries per second")
                .xAxisTitle("subscribers on one topic").yAxisTitle("deliveries/s").build();
        for (Results r : all) {
            if (!r.fanout.isEmpty()) {
                List<Integer> x = new ArrayList<>(r.fanout.keySet());
                List<Double> y = x.stream().map(count -> r.saturated(count).deliveriesPerSecond()).toList();
                chart.addSeries(r.target, x, y);
            }
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private void latencyChart(Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("10,000 subscribers at 10 updates/s: publish-to-receive latency")
                .xAxisTitle("percentile").yAxisTitle("ms").build();
        List<String> percentiles = List.of("p50", "p90", "p99", "p99.9");
        List<Double> values = List.of(50.0, 90.0, 99.0, 99.9);
        for (Results r : all) {
            if (r.fixedRate != null) {
                chart.addSeries(r.target, percentiles, values.stream().map(r.fixedRate::millis).toList());
            }
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static long memoryGiB() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }

    private static String nginxVersion() {
        try {
            return Processes.run("/usr/sbin/nginx", "-v").replace("nginx version: nginx/", "").trim();
        } catch (IOException | InterruptedException e) {
            return "(not found)";
        }
    }
}
