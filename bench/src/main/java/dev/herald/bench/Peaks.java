package dev.herald.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The most a server held while it was watched: open files (in its fullest process, which is what the per-process
 * limit bounds), resident memory, and for a JVM the used heap, garbage included. Sampled every 100 ms from /proc, and
 * by one {@code jstat} that reads the JVM's shared performance counters every 100 ms: cheap enough to run through a
 * storm without adding one.
 */
final class Peaks implements AutoCloseable {

    private static final int INTERVAL_MILLIS = 100;
    /** jstat -gc's columns: used survivor spaces, eden and old generation, in KB. */
    private static final String[] USED_COLUMNS = {"S0U", "S1U", "EU", "OU"};

    private final ProcessHandle server;
    private final Thread sampler;
    private final Process jstat;
    private final AtomicLong openFiles = new AtomicLong();
    private final AtomicLong rss = new AtomicLong();
    private final AtomicLong heap = new AtomicLong(-1);
    private volatile boolean running = true;

    /**
     * Starts watching {@code server} (a JVM, or nginx's master with its workers) and its descendants; {@code null}
     * (a server this harness did not start, or a cluster) watches nothing, and every peak is -1.
     */
    Peaks(ProcessHandle server) throws IOException {
        this.server = server;
        if (server == null) {
            openFiles.set(-1);
            rss.set(-1);
            jstat = null;
            sampler = null;
            return;
        }
        boolean isJvm = server.info().command().map(command -> command.endsWith("java")).orElse(false);
        jstat = isJvm ? new ProcessBuilder("jstat", "-gc", Long.toString(server.pid()),
                Integer.toString(INTERVAL_MILLIS)).redirectErrorStream(true).start() : null;
        if (jstat != null) {
            Thread reader = new Thread(this::readHeap, "peaks-heap");
            reader.setDaemon(true);
            reader.start();
        }
        sampler = new Thread(this::sample, "peaks");
        sampler.setDaemon(true);
        sampler.start();
    }

    long openFiles() {
        return openFiles.get();
    }

    long rssBytes() {
        return rss.get();
    }

    /** The most heap used, in bytes; -1 when the server is no JVM. */
    long heapBytes() {
        return heap.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (sampler != null) {
            sampler.join();
        }
        if (jstat != null) {
            jstat.destroy();
            jstat.waitFor();
        }
    }

    private void sample() {
        while (running) {
            try {
                openFiles.accumulateAndGet(fullestProcessFiles(), Math::max);
                rss.accumulateAndGet(Processes.rss(server), Math::max);
                Thread.sleep(INTERVAL_MILLIS);
            } catch (IOException e) {
                System.err.println("Could not sample " + server.pid() + ": " + e);
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long fullestProcessFiles() throws IOException {
        long most = 0;
        for (ProcessHandle process : Stream.concat(Stream.of(server), server.descendants()).toList()) {
            try (Stream<Path> files = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
                most = Math.max(most, files.count());
            } catch (NoSuchFileException e) {
                // the process ended between listing and counting
            }
        }
        return most;
    }

    private void readHeap() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
            String header = lines.readLine();
            if (header == null) {
                return;
            }
            String[] names = header.trim().split("\\s+");
            int[] used = new int[USED_COLUMNS.length];
            for (int i = 0; i < used.length; i++) {
                used[i] = List.of(names).indexOf(USED_COLUMNS[i]);
                if (used[i] < 0) {
                    throw new IllegalStateException("jstat -gc printed no " + USED_COLUMNS[i] + ": " + header);
                }
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] values = line.trim().split("\\s+");
                if (values.length == names.length && !values[0].equals(names[0])) {
                    double kilobytes = 0;
                    for (int column : used) {
                        kilobytes += Double.parseDouble(values[column]);
                    }
                    heap.accumulateAndGet((long) (kilobytes * 1024), Math::max);
                }
            }
        } catch (IOException e) {
            // jstat was stopped
        }
    }
}
