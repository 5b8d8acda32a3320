package dev.herald.bench;

import java.io.IOException;

/**
 * 1,000 subscribers that read, measured once alone and once with 10 more that never read: the readers' latency should
 * not notice, and the stalled ones must not make the server's memory grow without bound.
 */
final class SlowConsumers implements Scenario {

    static final int READERS = 1_000;
    static final int STALLED = 10;
    static final double RATE = 40;
    static final int PADDING_BYTES = 8 * 1024;
    /**
     * Each update carries 8 KiB more, so that the stalled subscribers' sockets fill within seconds: on loopback the
     * kernel alone buffers more than a megabyte for a connection before the server sees it stall.
     */
    private static final String PADDING = "\n" + "x".repeat(PADDING_BYTES);
    /**
     * Long enough for every system to find its stalled subscribers full and act on it: Payara Micro's Grizzly queues
     * megabytes per connection before it reports a stream not ready.
     */
    static final int SECONDS = 45;
    private static final String TOPIC = "slow";

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        try (Subscribers readers = new Subscribers(system.server(), system.subscribePath(TOPIC), READERS, "", true)) {
            readers.awaitOpen(120);
            results.slowAlone = Load.run(system, readers, TOPIC, RATE, SECONDS, PADDING);
            long heapBefore = system.heapAfterGcBytes();
            long rssBefore = system.rssBytes();
            int subscribedBefore = system.subscriberCount();
            try (Subscribers stalled = new Subscribers(system.server(), system.subscribePath(TOPIC), STALLED, "",
                    false)) {
                if (!system.awaitSubscribers(count -> count >= subscribedBefore + STALLED, 30)) {
                    throw new IllegalStateException("the " + STALLED + " stalled subscribers did not all subscribe");
                }
                results.slowWithStalled = Load.run(system, readers, TOPIC, RATE, SECONDS, PADDING);
                results.slowHeapGrowth = heapBefore < 0 ? Results.UNKNOWN : system.heapAfterGcBytes() - heapBefore;
                results.slowRssGrowth = system.rssBytes() - rssBefore;
                results.stalledStillConnected = Math.max(0, system.subscriberCount() - subscribedBefore);
            }
        }
        System.out.printf("  slow consumers: readers' p99 %.1f ms alone, %.1f ms with %d stalled (%d still connected)"
                        + "; heap %+,d B, RSS %+,d B%n", results.slowAlone.millis(99),
                results.slowWithStalled.millis(99), STALLED, results.stalledStillConnected, results.slowHeapGrowth,
                results.slowRssGrowth);
    }
}
