package dev.herald.testing;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One of Debian's Redis programs ({@code redis-server}, {@code redis-sentinel}) as a process of its own, with its
 * configuration file, data and log in a temporary directory: what {@link RedisServer} and {@link RedisSentinel} share.
 */
final class RedisProcess {

    /** Whether a started process is ready; it may also fail with an exception while the process is not. */
    interface Probe {
        boolean ready(RedisProcess redis);
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Long enough for a command that a CLIENT PAUSE holds back. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private final Path binary;
    private final int port;
    private final Path directory;
    private final Path config;
    private final Path log;
    private Process process;

    /** Writes {@code configuration} (in redis.conf's syntax) to a new temporary directory; starts nothing yet. */
    RedisProcess(String binary, int port, String configuration) {
        this.binary = Path.of(binary);
        if (!Files.isExecutable(this.binary)) {
            throw new IllegalStateException(binary + " is missing: install Debian's redis-server and redis-sentinel"
                    + " (apt-get install redis-server redis-sentinel; .ci/run does)");
        }
        this.port = port;
        try {
            directory = Files.createTempDirectory("herald-" + this.binary.getFileName());
            config = directory.resolve(this.binary.getFileName() + ".conf");
            log = directory.resolve(this.binary.getFileName() + ".log");
            Files.writeString(config, configuration + "dir " + directory + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** Starts the program with its configuration file and waits until {@code probe} says it is ready. */
    void start(Probe probe) {
        try {
            // The program logs to standard output (logfile ""), appended to one file across restarts.
            process = new ProcessBuilder(binary.toString(), config.toString())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(binary.getFileName() + " on port " + port + " exited with "
                        + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (probe.ready(this)) {
                    return;
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                // Not listening yet, or still loading its data (-LOADING).
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException(binary.getFileName() + " on port " + port + " was not ready within "
                        + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
            }
            sleep(50);
        }
    }

    /** One command on a connection of its own; see {@link RedisClient#command}. */
    String command(String... args) {
        try (RedisClient client = RedisClient.connect(port, REPLY_TIMEOUT)) {
            return client.command(args);
        } catch (IOException e) {
            throw new UncheckedIOException(binary.getFileName() + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * SHUTDOWN, which lets Redis finish its append-only file, and waits for the process to end. Should the command not
     * get through (a CLIENT PAUSE holds it back until the pause ends), SIGTERM asks for the same shutdown.
     */
    void stop() {
        if (!isRunning()) {
            return;
        }
        try (RedisClient client = RedisClient.connect(port, Duration.ofSeconds(5))) {
            client.command("SHUTDOWN");
        } catch (EOFException e) {
            // The answer to a SHUTDOWN that worked: the server closes the connection.
        } catch (IOException | IllegalStateException e) {
            process.destroy();
        }
        awaitExit(STOP_TIMEOUT);
    }

    /** SIGKILL: Redis has no chance to write anything more. */
    void kill() {
        if (isRunning()) {
            process.destroyForcibly();
            awaitExit(STOP_TIMEOUT);
        }
    }

    /** The last lines of the program's log. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the program and deletes its directory. */
    void close() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }
}
