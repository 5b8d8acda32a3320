package dev.herald.bench;

import java.io.IOException;

/**
 * Waves of 10,000 subscribers that connect and then all go away: after each wave the server should notice they left,
 * and after the last it should count as many subscribers as before and hold no more memory.
 */
final class Churn implements Scenario {

    static final int SUBSCRIBERS = 10_000;
    static final int WAVES = 3;
    /** How long the server may take to notice that clients went away (Herald probes silent streams every second). */
    static final int SETTLE_SECONDS = 60;

    @Override
    public String name() {
        return "churn";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        int subscribedBefore = system.subscriberCount();
        long heapBefore = system.heapAfterGcBytes();
        long rssBefore = system.rssBytes();
        results.churnSettled = true;
        results.churnSettleSeconds = 0;
        for (int wave = 0; wave < WAVES; wave++) {
            try (Subscribers subscribers = new Subscribers(system.server(), system.subscribePath("churn"),
                    SUBSCRIBERS, "", true)) {
                subscribers.awaitOpen(120);
            }
            long closed = System.nanoTime();
            results.churnSettled &= system.awaitSubscribers(count -> count <= subscribedBefore, SETTLE_SECONDS);
            results.churnSettleSeconds = Math.max(results.churnSettleSeconds, (System.nanoTime() - closed) / 1e9);
        }
        results.churnSubscribersLeft = system.subscriberCount() - subscribedBefore;
        results.churnHeapGrowth = heapBefore < 0 ? Results.UNKNOWN : system.heapAfterGcBytes() - heapBefore;
        results.churnRssGrowth = system.rssBytes() - rssBefore;
        System.out.printf("  churn: %d waves of %,d; the slowest took %.1f s to be noticed; %+d subscribers left;"
                        + " heap %+,d B, RSS %+,d B%n", WAVES, SUBSCRIBERS, results.churnSettleSeconds,
                results.churnSubscribersLeft, results.churnHeapGrowth, results.churnRssGrowth);
    }
}
