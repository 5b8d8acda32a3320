package dev.herald.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's redis-server on a free port with a directory of its own, configured as a cluster would run it in production:
 * an append-only file written every second, no snapshots. Each cluster target gets a fresh one, so that neither system
 * finds the other's keys, and it is stopped (and its directory deleted) with the target.
 */
final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port = Ports.free();
    private Path directory;
    private Process process;

    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}: what both Herald's herald.transport and Nchan's nchan_redis_server take. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install redis-server");
        }
        directory = Files.createTempDirectory("herald-bench-redis-");
        Path config = directory.resolve("redis.conf");
        Files.writeString(config, """
                port %d
                bind 127.0.0.1
                dir %s
                appendonly yes
                appendfsync everysec
                save ""
                logfile ""
                """.formatted(port, directory));
        process = new ProcessBuilder(BINARY.toString(), config.toString()).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(new File(directory.toFile(), "redis.log")).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING: "
                        + Files.readString(directory.resolve("redis.log")));
            }
            Thread.sleep(50);
        }
        System.out.println("  redis-server on port " + port + " in " + directory);
    }

    /** The processor time redis-server used so far: part of what a delivery costs in a cluster. */
    CpuTime cpuTime() throws IOException {
        return process == null ? CpuTime.UNKNOWN : Processes.cpuTime(process.toHandle());
    }

    long rssBytes() throws IOException {
        return process == null ? 0 : Processes.rss(process.toHandle());
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, on which Redis finishes its append-only file and exits; then its directory goes. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
