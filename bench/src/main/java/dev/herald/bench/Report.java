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
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Writes docs/benchmarks.md and its charts from one run. */
final class Report {

    private Report() {
    }

    static void write(Path docs, List<Results> all) throws IOException {
        Files.createDirectories(docs);
        throughputChart(docs.resolve("bench-throughput.png"), all);
        latencyChart(docs.resolve("bench-latency.png"), all);
        Results reference = all.stream().filter(r -> r.target.contains("1 worker")).findFirst().orElse(null);
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Written by `bench/` (see bench/README.md) from one run on ").append(LocalDate.now())
                .append(". Every system ran on this machine, one after another, driven by the same load generator")
                .append(" (one JVM, one selector thread for all subscribers) on the same machine.\n\n")
                .append("## Machine\n\n")
                .append("- ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memoryGiB()).append(" GiB memory\n")
                .append("- load generator JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append('\n')
                .append("- servers: Payara Micro 6.2025.10 and WildFly 39.0.1.Final (Maven Central); nginx ")
                .append(nginxVersion()).append(" with Nchan 1.3.6 (Debian)\n\n");

        md.append("## Fan-out: maximum deliveries per second\n\n")
                .append("One topic; the publish rate steps up (1, 2, 5, 10, 20, 50, 100, 200, 500 updates/s) until")
                .append(" two steps in a row add less than 5 % deliveries, or p99 passes 2 s. The best step, and the")
                .append(" p99 latency at it.\n\n");
        md.append("| subscribers |");
        all.forEach(r -> md.append(' ').append(r.target).append(" |"));
        if (reference != null) {
            all.stream().filter(r -> r != reference).forEach(r -> md.append(' ').append(r.target).append(" / Nchan 1w |"));
        }
        md.append('\n').append("|---|").append("---|".repeat(all.size() + (reference == null ? 0 : all.size() - 1)))
                .append('\n');
        for (int count : List.of(1_000, 5_000, 10_000)) {
            md.append(String.format(Locale.ROOT, "| %,d |", count));
            for (Results r : all) {
                Measurement best = r.saturated(count);
                md.append(best == null ? " — |" : String.format(Locale.ROOT, " %,.0f/s, p99 %.0f ms |",
                        best.deliveriesPerSecond(), best.millis(99)));
            }
            if (reference != null) {
                Measurement ref = reference.saturated(count);
                for (Results r : all) {
                    if (r != reference) {
                        Measurement best = r.saturated(count);
                        md.append(best == null || ref == null ? " — |" : String.format(Locale.ROOT, " %.2f× |",
                                best.deliveriesPerSecond() / ref.deliveriesPerSecond()));
                    }
                }
            }
            md.append('\n');
        }
        md.append("\n![Deliveries per second against subscribers](bench-throughput.png)\n\n");

        md.append("## Fixed rate: 10,000 subscribers, 10 updates/s\n\n")
                .append("| system | deliveries/s | p50 | p90 | p99 | p99.9 | max | publish errors | connections lost |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Results r : all) {
            Measurement m = r.fixedRate;
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d |%n",
                    r.target, m.deliveriesPerSecond(), m.millis(50), m.millis(90), m.millis(99), m.millis(99.9),
                    m.maxMillis(), m.publishErrors(), m.connectionsLost()));
        }
        md.append("\n![Latency percentiles at a fixed rate](bench-latency.png)\n\n");

        md.append("## Idle: memory per subscriber (10,000 idle subscribers, minus the empty server)\n\n")
                .append("| system | heap after GC | RSS |\n|---|---|---|\n");
        for (Results r : all) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d B |%n", r.target,
                    r.heapPerSubscriber < 0 ? "— (no JVM heap)" : String.format(Locale.ROOT, "%,d B", r.heapPerSubscriber),
                    r.rssPerSubscriber));
        }
        md.append("\n## Every fan-out step\n\n| system | subscribers | published/s | deliveries/s | p50 | p99 | max |"
                + " errors | lost |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Results r : all) {
            r.fanout.forEach((count, steps) -> steps.forEach(m -> md.append(String.format(Locale.ROOT,
                    "| %s | %,d | %.1f | %,.0f | %.1f ms | %.1f ms | %.1f ms | %d | %d |%n", r.target, count,
                    m.publishedPerSecond(), m.deliveriesPerSecond(), m.millis(50), m.millis(99), m.maxMillis(),
                    m.publishErrors(), m.connectionsLost()))));
        }
        Files.writeString(docs.resolve("benchmarks.md"), md.toString());
    }

    private static void throughputChart(Path file, List<Results> all) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Fan-out: best deliveries per second")
                .xAxisTitle("subscribers on one topic").yAxisTitle("deliveries/s").build();
        for (Results r : all) {
            List<Integer> x = new ArrayList<>(r.fanout.keySet());
            List<Double> y = x.stream().map(count -> r.saturated(count).deliveriesPerSecond()).toList();
            chart.addSeries(r.target, x, y);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void latencyChart(Path file, List<Results> all) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("10,000 subscribers at 10 updates/s: publish-to-receive latency")
                .xAxisTitle("percentile").yAxisTitle("ms").build();
        List<String> percentiles = List.of("p50", "p90", "p99", "p99.9");
        List<Double> values = List.of(50.0, 90.0, 99.0, 99.9);
        for (Results r : all) {
            Function<Double, Double> at = r.fixedRate::millis;
            chart.addSeries(r.target, percentiles, values.stream().map(at).toList());
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
