package dev.herald.bench;

import java.io.IOException;
import org.HdrHistogram.Histogram;

/**
 * A subscriber reconnects with a {@code Last-Event-ID} 1,000 updates back: the time from opening the connection until
 * all 1,000 missed updates arrived, over several reconnections.
 */
final class Replay implements Scenario {

    static final int MISSED = 1_000;
    static final int RECONNECTIONS = 20;
    private static final String TOPIC = "replay";

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        // The subscribers count only data that is a positive number, so the marker itself is never counted.
        String lastSeen = system.publish(TOPIC, "0");
        for (int i = 1; i <= MISSED; i++) {
            system.publish(TOPIC, Long.toString(System.nanoTime()));
        }
        Histogram times = new Histogram(60_000_000_000L, 3);
        long received = 0;
        for (int i = 0; i < RECONNECTIONS; i++) {
            long started = System.nanoTime();
            try (Subscribers reconnecting = new Subscribers(system.server(), system.subscribePath(TOPIC), 1,
                    system.replayHeaders(lastSeen), true)) {
                reconnecting.awaitDeliveries(MISSED, 30);
                times.recordValue(System.nanoTime() - started);
                Thread.sleep(100); // anything beyond the 1,000 would show up here
                received = reconnecting.deliveries();
            }
        }
        results.replay = times;
        results.replayReceived = received;
        System.out.printf("  replay of %,d: p50 %.1f ms, max %.1f ms, %,d received%n", MISSED,
                times.getValueAtPercentile(50) / 1e6, times.getMaxValue() / 1e6, received);
    }
}
