package dev.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the harness needs of the servers' operating-system processes. */
final class Processes {

    /**
     * HTTP/1.1: the default (HTTP/2, upgraded from h2c) shares one connection among requests; most likely, once a status
     * request timed out on a deploying Payara Micro, later ones waited on that connection until the start gave up
     * after 180 s, although the node was ready after 19 s (the first try of the cluster runs' run 4).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** /proc counts processor time in clock ticks of 1/100 s (USER_HZ, 100 on Linux everywhere). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private Processes() {
    }

    /** Waits until {@code url} answers 200, or fails after {@code seconds}. */
    static void awaitUp(URI url, int seconds, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(url + ": the server exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " did not answer within " + seconds + " s");
    }

    /** The number {@code pattern}'s first group finds on the page at {@code url}: a server's own subscriber count. */
    static int countOnPage(URI url, Pattern pattern) throws IOException, InterruptedException {
        String page = HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher count = pattern.matcher(page);
        if (!count.find()) {
            throw new IOException(url + " has no match for " + pattern + ": " + page);
        }
        return Integer.parseInt(count.group(1));
    }

    /** The processor time of the process and its descendants (nginx workers), from /proc. */
    static CpuTime cpuTime(ProcessHandle root) throws IOException {
        long user = 0;
        long kernel = 0;
        for (ProcessHandle process : Stream.concat(Stream.of(root), root.descendants()).toList()) {
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            if (Files.exists(stat)) {
                // Fields after the command name, which is in parentheses and may contain spaces: utime is the 12th.
                String line = Files.readString(stat);
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                user += Long.parseLong(fields[11]) * NANOS_PER_TICK;
                kernel += Long.parseLong(fields[12]) * NANOS_PER_TICK;
            }
        }
        return new CpuTime(user, kernel);
    }

    /** VmRSS of the process and its descendants (nginx workers), in bytes. */
    static long rss(ProcessHandle root) throws IOException {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        long total = 0;
        for (ProcessHandle process : all) {
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            if (Files.exists(status)) {
                Matcher matcher = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(status));
                if (matcher.find()) {
                    total += Long.parseLong(matcher.group(1)) * 1024;
                }
            }
        }
        return total;
    }

    /**
     * The "Max open files" soft limit of the process and its descendants, as /proc shows it ("20000, 20000"): each
     * subscriber is a file, and the machine allows at most 20,000 per process.
     */
    static String openFilesLimit(ProcessHandle root) throws IOException {
        List<String> limits = new ArrayList<>();
        for (ProcessHandle process : Stream.concat(Stream.of(root), root.descendants()).toList()) {
            Path file = Path.of("/proc", Long.toString(process.pid()), "limits");
            if (Files.exists(file)) {
                Matcher matcher = Pattern.compile("Max open files\\s+(\\S+)").matcher(Files.readString(file));
                limits.add(matcher.find() ? matcher.group(1) : "?");
            }
        }
        return String.join(", ", limits);
    }

    /**
     * The live heap of a JVM, in bytes: jcmd's class histogram collects fully and counts what is left in one pause.
     * (Reading the heap in a second command after a collection also counts whatever the server allocated in between,
     * e.g. Grizzly's buffer per idle probe, about 40 MB/s with 10,000 idle streams on Payara.)
     */
    static long heapAfterGc(long pid) throws IOException, InterruptedException {
        String histogram = run("jcmd", Long.toString(pid), "GC.class_histogram");
        Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
        if (!total.find()) {
            throw new IOException("jcmd GC.class_histogram printed no total: "
                    + histogram.substring(0, Math.min(200, histogram.length())));
        }
        return Long.parseLong(total.group(1));
    }

    /** Finds the JVM whose command line contains {@code marker}; the launcher scripts start it as a child. */
    static ProcessHandle jvm(Process launcher, String marker) {
        return launcher.descendants()
                .filter(child -> child.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .findFirst().orElse(launcher.toHandle());
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }
}
