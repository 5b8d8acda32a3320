package dev.herald.bench;

import java.io.IOException;

/** 10,000 subscribers that receive nothing: what each one costs in heap after a full GC and in resident memory. */
final class Idle implements Scenario {

    static final int SUBSCRIBERS = 10_000;

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        long emptyHeap = system.heapAfterGcBytes();
        long emptyRss = system.rssBytes();
        try (Subscribers idle = new Subscribers(system.server(), system.subscribePath("idle"), SUBSCRIBERS, "",
                true)) {
            idle.awaitOpen(120);
            if (emptyHeap >= 0) {
                results.heapPerSubscriber = (system.heapAfterGcBytes() - emptyHeap) / SUBSCRIBERS;
            }
            results.rssPerSubscriber = (system.rssBytes() - emptyRss) / SUBSCRIBERS;
        }
        System.out.printf("  idle: %,d B heap and %,d B RSS per subscriber%n", results.heapPerSubscriber,
                results.rssPerSubscriber);
    }
}
