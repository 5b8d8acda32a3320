package dev.herald.bench;

import java.io.IOException;
import java.util.List;

/**
 * 18,000 subscribers on one server, near this machine's hard limit of 20,000 open files per process: heap per
 * subscriber, the latency at 10 updates/s, and the most deliveries per second as the publish rate steps up.
 */
final class NearLimit implements Scenario {

    static final int SUBSCRIBERS = 18_000;
    private final int stepSeconds;

    NearLimit(int stepSeconds) {
        this.stepSeconds = stepSeconds;
    }

    @Override
    public String name() {
        return "limit";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        long emptyHeap = system.heapAfterGcBytes();
        try (Subscribers subscribers = new Subscribers(system.server(), system.subscribePath("limit"), SUBSCRIBERS,
                "", true)) {
            subscribers.awaitOpen(180);
            if (emptyHeap >= 0) {
                results.limitHeapPerSubscriber = (system.heapAfterGcBytes() - emptyHeap) / SUBSCRIBERS;
            }
            results.limitFixed = Load.run(system, subscribers, "limit", FixedRate.RATE, 4 * stepSeconds, "");
            System.out.printf("  %,d subscribers: %,d B heap each; at 10/s p99 %.1f ms%n", SUBSCRIBERS,
                    results.limitHeapPerSubscriber, results.limitFixed.millis(99));
            List<Measurement> steps = FanOut.rising(system, subscribers, "limit", SUBSCRIBERS, stepSeconds);
            results.limitSteps.addAll(steps);
        }
    }
}
