package dev.herald.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;

/**
 * What a load balancer's restart does to a hub: 10,000 subscribers all dropped at once and, half a second later, all
 * reconnecting at once, each with the {@code Last-Event-ID} of the last update it received, three times in a row, while a publisher goes on
 * at 10 updates/s. Every subscriber must end with every update, once each, in order.
 */
final class ReconnectStorm implements Scenario {

    static final int SUBSCRIBERS = 10_000;
    static final int ROUNDS = 3;
    static final double RATE = 10;
    private final int subscriberCount;
    private final int roundCount;
    /** How long the subscribers are away: updates published meanwhile reach them only by their Last-Event-ID. */
    private static final int AWAY_MILLIS = 500;
    /** Streaming between storms, so that each round starts from subscribers that are all live. */
    private static final int CALM_SECONDS = 3;
    private static final int TIMEOUT_SECONDS = 120;

    /**
     * One storm: seconds from the drop until every subscriber had its new response's headers (or its reconnection
     * failed), and until every one had received an update sent after the drop (caught up, and live again; NaN when a
     * reconnection failed).
     */
    record Round(double openSeconds, double liveSeconds) {
    }

    /**
     * @param subscribers     how many subscribers stormed
     * @param rounds          each storm, in order
     * @param published       updates the hub accepted during the scenario
     * @param publishErrors   publications refused or unanswered
     * @param received        per subscriber, updates received (each should have {@code published})
     * @param missed          updates that did not arrive, summed over subscribers
     * @param extra           updates that arrived more often than published, summed over subscribers
     * @param outOfOrder      updates received no later than an earlier one: duplicates, or reordered
     * @param failedConnections connections refused, answered other than 200, or ended by the server
     * @param peakOpenFiles   the most files the server's fullest process held; -1 when not known
     * @param peakRssBytes    the most resident memory; -1 when not known
     * @param peakHeapBytes   the most heap in use, garbage included; -1 for nginx, or when not known
     */
    record Outcome(int subscribers, List<Round> rounds, long published, long publishErrors, LongSummaryStatistics received,
                   long missed, long extra, long outOfOrder, long failedConnections, long peakOpenFiles,
                   long peakRssBytes, long peakHeapBytes) {
    }

    /** The benchmark's storm: {@link #SUBSCRIBERS}, {@link #ROUNDS} times. */
    ReconnectStorm() {
        this(SUBSCRIBERS, ROUNDS);
    }

    ReconnectStorm(int subscribers, int rounds) {
        this.subscriberCount = subscribers;
        this.roundCount = rounds;
    }

    @Override
    public String name() {
        return "storm";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        List<Round> rounds = new ArrayList<>();
        try (Subscribers subscribers = new Subscribers(system.server(), system.subscribePath("storm"),
                subscriberCount, "", true)) {
            subscribers.awaitOpen(TIMEOUT_SECONDS);
            long beforeFirst = System.nanoTime();
            SteadyPublisher publisher = new SteadyPublisher(system, "storm", RATE);
            Peaks peaks;
            try {
                subscribers.awaitAllReceivedAfter(beforeFirst, TIMEOUT_SECONDS);
                peaks = new Peaks(system.process());
                try {
                    for (int round = 0; round < roundCount; round++) {
                        rounds.add(storm(subscribers, system));
                        Thread.sleep(CALM_SECONDS * 1000L);
                    }
                } finally {
                    peaks.close();
                }
            } finally {
                publisher.close();
            }
            long published = publisher.published();
            if (!subscribers.awaitEachReceived(published, 30)) {
                System.out.println("  storm: not every subscriber received all " + published + " updates in 30 s");
            }
            results.storm = new Outcome(subscriberCount, rounds, published, publisher.errors(),
                    subscribers.receivedPerSubscriber(), subscribers.missing(published), subscribers.extra(published),
                    subscribers.outOfOrder(), subscribers.lost(), peaks.openFiles(), peaks.rssBytes(),
                    peaks.heapBytes());
        }
        Outcome storm = results.storm;
        for (int i = 0; i < rounds.size(); i++) {
            System.out.printf("  storm %d: all reconnected after %.2f s, all live after %.2f s%n", i + 1,
                    rounds.get(i).openSeconds(), rounds.get(i).liveSeconds());
        }
        System.out.printf("  storm: %,d published (%d errors); received per subscriber %d…%d; %d missed, %d extra,"
                        + " %d out of order; %d connections failed; peak %,d open files, RSS %,d B, heap %,d B%n",
                storm.published(), storm.publishErrors(), storm.received().getMin(), storm.received().getMax(),
                storm.missed(), storm.extra(), storm.outOfOrder(), storm.failedConnections(), storm.peakOpenFiles(),
                storm.peakRssBytes(), storm.peakHeapBytes());
    }

    /**
     * One storm. A reconnection that fails is counted (in {@link Subscribers#lost}) rather than waited for: its
     * subscriber then misses updates, which the outcome shows, and the round has no "live" time.
     */
    private static Round storm(Subscribers subscribers, Target system) throws InterruptedException {
        long dropped = System.nanoTime();
        subscribers.dropAll();
        long sentAfter = System.nanoTime(); // no connection is left by now to bring an update sent later
        Thread.sleep(AWAY_MILLIS);
        subscribers.resumeAll(system::replayHeaders);
        long failures = subscribers.awaitSettled(TIMEOUT_SECONDS);
        double open = (System.nanoTime() - dropped) / 1e9;
        if (failures > 0) {
            return new Round(open, Double.NaN);
        }
        subscribers.awaitAllReceivedAfter(sentAfter, TIMEOUT_SECONDS);
        return new Round(open, (System.nanoTime() - dropped) / 1e9);
    }
}
