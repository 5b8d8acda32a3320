package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs every scenario on every target in one run, and writes docs/benchmarks.md with the numbers side by side.
 * Start it from the repository root after building the WAR; see bench/README.md.
 */
public final class Bench {

    private static final int STEP_SECONDS = Integer.getInteger("bench.step.seconds", 5);
    private static final String ALL_TARGETS = "payara,wildfly,nchan1,nchan2";
    private static final String CLUSTER_TARGETS = "herald-cluster,nchan-cluster";
    /** The cluster scenario runs only when chosen: it is for the cluster targets and their single-server references. */
    private static final String DEFAULT_SCENARIOS = "idle,fanout,fixed,replay,slow,churn,storm,limit";
    /** Builds the WAR, fetches Payara Micro, unpacks and configures WildFly; runs no test. */
    static final String PREPARE = "mvn pre-integration-test -DskipTests -DskipWildFlyITs=false";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path root = Path.of("").toAbsolutePath();
        // The servers may come from another checkout (another commit's build), so that one bench can compare them.
        Path built = root.resolve(System.getProperty("bench.root", "")).toAbsolutePath().normalize();
        Path target = built.resolve("target");
        for (String file : List.of("herald.war", "payara-micro.jar")) {
            if (!Files.exists(target.resolve(file))) {
                throw new IllegalStateException(target.resolve(file) + " is missing: run '" + PREPARE
                        + "' in " + built + " first");
            }
        }
        if (!built.equals(root)) {
            System.out.println("Herald from " + built + " (" + commit(built) + ")");
        }
        List<Scenario> scenarios = chosen(List.of(new Idle(), new FanOut(STEP_SECONDS), new FixedRate(4 * STEP_SECONDS),
                new Replay(), new SlowConsumers(), new Churn(), new ReconnectStorm(), new NearLimit(STEP_SECONDS), new Cluster(4 * STEP_SECONDS, STEP_SECONDS)));
        List<Results> all = new ArrayList<>();
        for (String name : System.getProperty("bench.targets", ALL_TARGETS).split(",")) {
            try (Target system = target(name.trim(), target, root.resolve("target"))) {
                // Stops the server even when the run is cut short (Ctrl-C, or Maven ending the JVM on an error).
                Thread stopper = new Thread(() -> {
                    try {
                        system.close();
                    } catch (IOException | InterruptedException e) {
                        System.err.println("Could not stop " + system.name() + ": " + e);
                    }
                });
                Runtime.getRuntime().addShutdownHook(stopper);
                System.out.println("== " + system.name());
                system.start();
                // A Herald cluster node holds a subscription of its own (the counter's feed): that is "empty".
                int empty = system.subscriberCount();
                Results results = new Results(system.name());
                warmUp(system);
                for (Scenario scenario : scenarios) {
                    settle(system, empty);
                    try {
                        scenario.run(system, results);
                    } catch (IllegalStateException | IOException e) {
                        // One scenario failing on one system leaves a gap in the report, not an empty report.
                        System.out.println("  " + scenario.name() + " failed: " + e.getMessage());
                        results.failures.add(scenario.name() + ": " + e.getMessage());
                    }
                }
                all.add(results);
                Runtime.getRuntime().removeShutdownHook(stopper);
            }
        }
        Path output = root.resolve(System.getProperty("bench.output", "docs"));
        Report.write(output, all);
        System.out.println("Wrote " + output.resolve("benchmarks.md"));
    }

    /**
     * Waits until the server has noticed that the previous scenario's subscribers left, so that each scenario starts
     * from an empty server: as many subscribers as it counted right after it started.
     */
    private static void settle(Target system, int empty) throws IOException, InterruptedException {
        if (!system.awaitSubscribers(count -> count <= empty, 60)) {
            System.out.println("  (the server still counts " + system.subscriberCount() + " subscribers after 60 s)");
        }
    }

    /** The same short load on every system first, so that no scenario measures a cold JIT compiler. */
    private static void warmUp(Target system) throws IOException, InterruptedException {
        // Every node of a cluster gets its share, so that each one's JIT compiler has seen the delivery path.
        List<Subscribers> groups = Subscribers.split(system, "warm-up", 1_000);
        try {
            for (Subscribers group : groups) {
                group.awaitOpen(120);
            }
            Load.run(system, groups, "warm-up", 100, 5, "");
        } finally {
            Subscribers.closeAll(groups);
        }
    }

    private static List<Scenario> chosen(List<Scenario> scenarios) {
        String names = System.getProperty("bench.scenarios", DEFAULT_SCENARIOS);
        List<String> wanted = List.of(names.split(","));
        List<Scenario> chosen = scenarios.stream().filter(scenario -> wanted.contains(scenario.name())).toList();
        if (chosen.size() != wanted.size()) {
            throw new IllegalArgumentException("bench.scenarios=" + names + ": choose from "
                    + scenarios.stream().map(Scenario::name).toList());
        }
        return chosen;
    }

    /**
     * @param target Herald's build: the WAR, Payara Micro and WildFly
     * @param own    this checkout's target/, where nginx's files go whichever Herald is measured
     */
    private static Target target(String name, Path target, Path own) throws IOException {
        return switch (name) {
            case "payara" -> HeraldTarget.payara(target);
            case "wildfly" -> HeraldTarget.wildfly(target, wildflyHome(target));
            case "nchan1" -> new NchanTarget(1, own.resolve("nchan-1"));
            case "nchan2" -> new NchanTarget(2, own.resolve("nchan-2"));
            case "herald-cluster" -> ClusterTarget.herald(target);
            case "nchan-cluster" -> ClusterTarget.nchan(own);
            default -> throw new IllegalArgumentException("unknown target " + name + "; choose from " + ALL_TARGETS
                    + "," + CLUSTER_TARGETS);
        };
    }

    /** The WildFly the build unpacked into {@code target}, whichever version the checkout's pom names. */
    private static Path wildflyHome(Path target) throws IOException {
        try (Stream<Path> children = Files.list(target)) {
            return children.filter(child -> Files.isDirectory(child)
                            && child.getFileName().toString().startsWith("wildfly-"))
                    .findFirst().orElse(target.resolve("wildfly-39.0.1.Final"));
        }
    }

    /** The commit checked out in {@code checkout}, for the console: which build was measured. */
    private static String commit(Path checkout) throws IOException, InterruptedException {
        return Processes.run("git", "-C", checkout.toString(), "log", "-1", "--format=%h %s").trim();
    }
}
