package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every scenario on every target in one run, and writes docs/benchmarks.md with the numbers side by side.
 * Start it from the repository root after building the WAR; see bench/README.md.
 */
public final class Bench {

    private static final int[] FANOUT_SUBSCRIBERS = {1_000, 5_000, 10_000};
    private static final double[] RATES = {1, 2, 5, 10, 20, 50, 100, 200, 500};
    private static final int STEP_SECONDS = Integer.getInteger("bench.step.seconds", 5);

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path root = Path.of("").toAbsolutePath();
        Path target = root.resolve("target");
        for (String built : List.of("herald.war", "payara-micro.jar")) {
            if (!Files.exists(target.resolve(built))) {
                throw new IllegalStateException("target/" + built + " is missing: run 'mvn package -DskipTests'"
                        + " in the repository root first");
            }
        }
        List<String> chosen = List.of(System.getProperty("bench.targets", "payara,nchan1,nchan2").split(","));
        List<Results> all = new ArrayList<>();
        for (String name : chosen) {
            try (Target system = target(name.trim(), target)) {
                System.out.println("== " + system.name());
                system.start();
                all.add(measure(system));
            }
        }
        Report.write(root.resolve("docs"), all);
        System.out.println("Wrote docs/benchmarks.md");
    }

    private static Target target(String name, Path target) {
        return switch (name) {
            case "payara" -> HeraldTarget.payara(target);
            case "wildfly" -> HeraldTarget.wildfly(target, target.resolve("wildfly-39.0.1.Final"));
            case "nchan1" -> new NchanTarget(1, target.resolve("nchan-1"));
            case "nchan2" -> new NchanTarget(2, target.resolve("nchan-2"));
            default -> throw new IllegalArgumentException("unknown target " + name
                    + "; choose from payara, wildfly, nchan1, nchan2");
        };
    }

    static Results measure(Target system) throws IOException, InterruptedException {
        Results results = new Results(system.name());
        long emptyHeap = system.heapAfterGcBytes();
        long emptyRss = system.rssBytes();
        try (Subscribers idle = new Subscribers(system.server(), system.subscribePath("idle"), 10_000, "", true)) {
            idle.awaitOpen(120);
            results.idleSubscribers = 10_000;
            if (emptyHeap >= 0) {
                results.heapPerSubscriber = (system.heapAfterGcBytes() - emptyHeap) / 10_000;
            }
            results.rssPerSubscriber = (system.rssBytes() - emptyRss) / 10_000;
            System.out.printf("  idle: %,d B heap and %,d B RSS per subscriber%n", results.heapPerSubscriber,
                    results.rssPerSubscriber);
        }
        for (int count : FANOUT_SUBSCRIBERS) {
            String topic = "fanout-" + count;
            try (Subscribers subscribers = new Subscribers(system.server(), system.subscribePath(topic), count, "",
                    true)) {
                subscribers.awaitOpen(120);
                List<Measurement> steps = new ArrayList<>();
                double best = 0;
                int flat = 0;
                for (double rate : RATES) {
                    Measurement step = Load.run(system, subscribers, topic, rate, STEP_SECONDS);
                    steps.add(step);
                    System.out.printf("  fan-out %,d subscribers at %.0f/s: %,.0f deliveries/s, p99 %.1f ms%n",
                            count, rate, step.deliveriesPerSecond(), step.millis(99));
                    // Saturated after two steps in a row without 5 % more deliveries: one can be a GC pause.
                    flat = step.deliveriesPerSecond() > best * 1.05 ? 0 : flat + 1;
                    best = Math.max(best, step.deliveriesPerSecond());
                    if (flat == 2 || step.millis(99) > 2_000) {
                        break;
                    }
                }
                results.fanout.put(count, steps);
            }
        }
        try (Subscribers subscribers = new Subscribers(system.server(), system.subscribePath("fixed"), 10_000, "",
                true)) {
            subscribers.awaitOpen(120);
            results.fixedRate = Load.run(system, subscribers, "fixed", 10, 4 * STEP_SECONDS);
            System.out.printf("  fixed rate 10,000 x 10/s: p50 %.1f ms, p99 %.1f ms%n",
                    results.fixedRate.millis(50), results.fixedRate.millis(99));
        }
        return results;
    }
}
