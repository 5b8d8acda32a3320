package dev.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the JDK's {@code jcmd} tells about another JVM on this machine: its threads, and what is alive in its heap. */
public final class Jcmd {

    private Jcmd() {
    }

    /** The names of the JVM's live threads. */
    public static List<String> threadNames(long pid) {
        return run(pid, "Thread.print").lines()
                .filter(line -> line.startsWith("\""))
                .map(line -> line.substring(1, line.indexOf('"', 1)))
                .toList();
    }

    /**
     * How many objects of the classes named {@code className} are alive after a full collection, summed over every
     * class loader that defined one (a redeployed application's classes have the same names as the old ones).
     */
    public static long liveInstances(long pid, String className) {
        return run(pid, "GC.class_histogram").lines()
                .map(String::trim)
                .map(line -> line.split("\\s+"))
                .filter(columns -> columns.length >= 4 && columns[3].equals(className))
                .mapToLong(columns -> Long.parseLong(columns[1]))
                .sum();
    }

    private static String run(long pid, String command) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
