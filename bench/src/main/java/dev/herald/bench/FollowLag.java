package dev.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches how far each Herald node's follower is behind the cluster's Redis stream, from its own {@code /api/status}
 * ({@code followLagEntries}, {@code followLagMillis}), twice a second while a measurement runs: the Redis hop's share of
 * the latency, apart from the fan-out behind it. A node without those fields (nginx, an older Herald) shows -1.
 */
final class FollowLag implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern ENTRIES = Pattern.compile("\"followLagEntries\":(\\d+)");
    private static final Pattern MILLIS = Pattern.compile("\"followLagMillis\":(\\d+)");

    private final List<URI> nodes;
    private final AtomicLongArray maxEntries;
    private final AtomicLongArray maxMillis;
    /** Nodes that answered without the fields, asked no more: nginx logs every request for a missing page. */
    private final boolean[] ignored;
    private final Thread thread;
    private volatile boolean running = true;

    FollowLag(List<URI> nodes) {
        this.nodes = nodes;
        maxEntries = new AtomicLongArray(nodes.size());
        maxMillis = new AtomicLongArray(nodes.size());
        ignored = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            maxEntries.set(i, -1);
            maxMillis.set(i, -1);
        }
        thread = new Thread(this::run, "follow-lag");
        thread.setDaemon(true);
        thread.start();
    }

    /** The most entries node {@code node} was behind at any sample, or -1. */
    long maxEntries(int node) {
        return maxEntries.get(node);
    }

    /** The longest the oldest entry node {@code node} had not handed on had waited, in milliseconds, or -1. */
    long maxMillis(int node) {
        return maxMillis.get(node);
    }

    private void run() {
        while (running) {
            for (int i = 0; i < nodes.size(); i++) {
                if (ignored[i]) {
                    continue;
                }
                try {
                    String page = HTTP.send(HttpRequest.newBuilder(nodes.get(i).resolve("/api/status"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    Matcher entries = ENTRIES.matcher(page);
                    Matcher millis = MILLIS.matcher(page);
                    if (entries.find() && millis.find()) {
                        maxEntries.accumulateAndGet(i, Long.parseLong(entries.group(1)), Math::max);
                        maxMillis.accumulateAndGet(i, Long.parseLong(millis.group(1)), Math::max);
                    } else {
                        ignored[i] = true;
                    }
                } catch (IOException e) {
                    // a missed sample; the next one comes in half a second
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
