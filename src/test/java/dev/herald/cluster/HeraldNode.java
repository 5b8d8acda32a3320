package dev.herald.cluster;

import dev.herald.testing.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Herald's WAR, as the build made it, on Payara Micro or on WildFly in an operating-system process of its own, as an
 * operator would run one node of a cluster: on free ports (never the 8080 and 9990 that Arquillian's WildFly uses),
 * with its own {@code herald.*} system properties, and with its output in {@code target/cluster-nodes/NAME.log}.
 * A node can be stopped, killed as a crash would kill it, started again on the same port, and Herald redeployed on it
 * while the server runs.
 */
public final class HeraldNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 60;
    /** Every port WildFly's standalone.xml binds; jboss.socket.binding.port-offset shifts them all. */
    private static final int[] WILDFLY_PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713};
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path directory;
    private final String jvmMarker;
    private final Redeployment redeployment;
    private final URI base;
    private final Path log;
    private final Thread reaper = new Thread(this::destroyForcibly, "herald-node-reaper");
    private Process process;

    private HeraldNode(String name, List<String> command, Map<String, String> environment, Path directory,
            String jvmMarker, Redeployment redeployment, int port) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.directory = directory;
        this.jvmMarker = jvmMarker;
        this.redeployment = redeployment;
        this.base = URI.create("http://127.0.0.1:" + port + "/");
        this.log = logOf(name);
        // A test JVM that ends without closing its nodes must not leave servers running on a shared machine.
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * A node on Payara Micro, started the way {@code mvn -Prun} starts it, with {@code settings} as system
     * properties; call {@link #start()}.
     */
    public static HeraldNode payara(Map<String, String> settings) {
        int port = FreePorts.any();
        Path directory = temporaryDirectory("herald-payara-");
        // Unpacked, because Payara Micro redeploys only an unpacked WAR: when its .reload file is touched.
        Path application = Unzipped.into(file("herald.war"), directory.resolve("herald"));
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
        command.addAll(systemProperties(settings));
        command.addAll(List.of("-jar", file("payara.microJar").toString(),
                "--deploy", application.toString(), "--contextroot", "/", "--port", Integer.toString(port),
                "--nocluster", "--hotdeploy", "--prebootcommandfile", file("payara.preboot.commands").toString(),
                // Its runtime files in the node's directory rather than a new /tmp folder per start, which a killed
                // Payara Micro would leave behind.
                "--rootdir", directory.resolve("runtime").toString()));
        return new HeraldNode("payara-" + port, command, Map.of(), directory, "payara-micro.jar",
                Redeployment.payaraMicro(application, logOf("payara-" + port)), port);
    }

    /**
     * A node on WildFly, with {@code settings} as system properties; call {@link #start()}. The unpacked server
     * (jboss.home) is shared with Arquillian and stays as it is: the node has its own copy of its configuration as
     * jboss.server.base.dir, with the WAR in that copy's deployments, and all its ports shifted by a free offset.
     */
    public static HeraldNode wildfly(Map<String, String> settings) {
        Path home = file("jboss.home");
        int offset = FreePorts.offset(WILDFLY_PORTS);
        Path directory = temporaryDirectory("herald-wildfly-");
        try {
            Path configuration = home.resolve("standalone/configuration");
            try (Stream<Path> files = Files.walk(configuration)) {
                for (Path source : files.filter(path -> !path.toString().contains("standalone_xml_history")).toList()) {
                    Files.copy(source, directory.resolve("configuration").resolve(configuration.relativize(source)));
                }
            }
            Files.createDirectories(directory.resolve("deployments"));
            Files.copy(file("herald.war"), directory.resolve("deployments/herald.war"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = 8080 + offset;
        String name = "wildfly-" + port;
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + directory, "-Djboss.socket.binding.port-offset=" + offset,
                // Transaction ids must differ between servers on one machine; WildFly warns of the shared default.
                "-Djboss.tx.node.id=" + name));
        command.addAll(systemProperties(settings));
        Map<String, String> environment = Map.of("JBOSS_HOME", home.toString(),
                "JAVA_HOME", System.getProperty("java.home"));
        return new HeraldNode(name, command, environment, directory, "jboss-modules.jar",
                Redeployment.wildfly(directory.resolve("deployments"), "herald.war"), port);
    }

    /**
     * Starts the server and waits until Herald's {@code /api/status} answers 200 (at most 180 s); fails at once with
     * the log's tail when the server exits first. A stopped or killed node starts again on the same port.
     */
    public HeraldNode start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is running already");
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + Instant.now() + ": " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // WildFly's standalone.conf drops its defaults (heap size, jboss.modules.system.pkgs) for any JAVA_OPTS.
            builder.environment().remove("JAVA_OPTS");
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitStatus(started);
        System.out.printf("%s answered at %s after %.1f s (log: %s)%n", name, base,
                (System.nanoTime() - started) / 1e9, log);
        return this;
    }

    /**
     * Undeploys Herald and deploys it again while the server runs, and waits until {@code /api/status} answers again.
     *
     * @param whileUndeployed what to run while Herald is not deployed at all (WildFly only: Payara Micro's redeploy is
     *                        one step), or {@code null}
     */
    public void redeploy(Runnable whileUndeployed) {
        long started = System.nanoTime();
        redeployment.undeploy(STOP_TIMEOUT);
        if (whileUndeployed != null && redeployment.hasUndeployedState()) {
            whileUndeployed.run();
        }
        redeployment.deploy(START_TIMEOUT);
        awaitStatus(started);
        System.out.printf("%s redeployed Herald in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
    }

    /** The process id of the server's JVM, for {@code jcmd}. */
    public long pid() {
        return jvm().pid();
    }

    /** Where Herald is deployed: {@code http://127.0.0.1:PORT/}. */
    public URI base() {
        return base;
    }

    /** Whether the server's process is still there. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL to the server's JVM (for WildFly the child of standalone.sh): no shutdown of any kind runs. */
    public void kill() {
        if (isRunning()) {
            ProcessHandle jvm = jvm();
            jvm.destroyForcibly();
            awaitExit(jvm);
        }
    }

    /** SIGTERM to the server's JVM, which shuts the server down cleanly; SIGKILL if it has not ended within 60 s. */
    public void stop() {
        if (isRunning()) {
            ProcessHandle jvm = jvm();
            jvm.destroy();
            awaitExit(jvm);
        }
    }

    /** The last lines of the node's log, for a failure's message. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and deletes its working directory; the log stays. */
    @Override
    public void close() {
        stop();
        Runtime.getRuntime().removeShutdownHook(reaper);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private void awaitStatus(long started) {
        URI status = base.resolve("api/status");
        // Payara Micro accepts connections before Herald is deployed and answers them once it is: a shorter
        // timeout only makes it log each request given up on as an error.
        HttpRequest request = HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(60)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before " + status
                        + " answered; the end of " + log + ":\n" + logTail());
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroyForcibly();
                throw new IllegalStateException("interrupted while " + name + " started", e);
            }
            if (System.nanoTime() - started > START_TIMEOUT.toNanos()) {
                kill();
                throw new IllegalStateException(status + " did not answer 200 within " + START_TIMEOUT.toSeconds()
                        + " s; the end of " + log + ":\n" + logTail());
            }
            sleep(POLL);
        }
    }

    /** The server's JVM: the process itself for Payara Micro, the java child of standalone.sh for WildFly. */
    private ProcessHandle jvm() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(jvmMarker)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + ": no process runs " + jvmMarker));
    }

    /** Waits for the JVM to end, and for standalone.sh after it; kills what is left after the stop timeout. */
    private void awaitExit(ProcessHandle jvm) {
        try {
            jvm.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyForcibly();
            }
        } catch (TimeoutException | ExecutionException e) {
            destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyForcibly();
        }
    }

    private void destroyForcibly() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** Where the output of the node called {@code name} goes: target/cluster-nodes/NAME.log. */
    private static Path logOf(String name) {
        return file("herald.war").getParent().resolve("cluster-nodes").resolve(name + ".log");
    }

    /** A file the build names in a system property (see the failsafe configuration in pom.xml). */
    private static Path file(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("-D" + property + " is " + value
                    + ": run the cluster tests with 'mvn verify -Pcluster', which sets it");
        }
        return Path.of(value).toAbsolutePath();
    }

    private static List<String> systemProperties(Map<String, String> settings) {
        return settings.entrySet().stream().map(setting -> "-D" + setting.getKey() + "=" + setting.getValue())
                .toList();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sleeps, and turns an interrupt into a failure of the test that waits. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
