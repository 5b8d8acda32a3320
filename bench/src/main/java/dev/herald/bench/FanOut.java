package dev.herald.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * 1,000, 5,000 and 10,000 subscribers on one topic; the publish rate steps up until deliveries stop growing, which
 * finds the most deliveries per second each system manages.
 */
final class FanOut implements Scenario {

    static final List<Integer> SUBSCRIBERS = List.of(1_000, 5_000, 10_000);
    static final double[] RATES = {1, 2, 5, 10, 20, 50, 100, 200, 500};
    private final int stepSeconds;

    FanOut(int stepSeconds) {
        this.stepSeconds = stepSeconds;
    }

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        for (int count : SUBSCRIBERS) {
            String topic = "fanout-" + count;
            try (Subscribers subscribers = new Subscribers(system.server(), system.subscribePath(topic), count, "",
                    true)) {
                subscribers.awaitOpen(120);
                List<Measurement> steps = rising(system, subscribers, topic, count, stepSeconds);
                results.fanout.put(count, steps);
            }
        }
    }

    /**
     * Steps the publish rate up on {@code count} open subscribers of {@code topic} until it saturates: two steps in a
     * row without 5 % more deliveries (one can be a GC pause), or p99 past 2 s.
     *
     * @return every step's measurement, in the order run
     */
    static List<Measurement> rising(Target system, Subscribers subscribers, String topic, int count, int stepSeconds)
            throws IOException, InterruptedException {
        List<Measurement> steps = new ArrayList<>();
        double best = 0;
        int flat = 0;
        for (double rate : RATES) {
            Measurement step = Load.run(system, subscribers, topic, rate, stepSeconds, "");
            steps.add(step);
            System.out.printf("  fan-out %,d subscribers at %.0f/s: %,.0f deliveries/s, p99 %.1f ms, publish"
                            + " p50 %.2f ms p99 %.2f ms, %.2f µs of server CPU per delivery%n", count, rate,
                    step.deliveriesPerSecond(), step.millis(99), step.publishMillis(50),
                    step.publishMillis(99), step.cpuMicrosPerDelivery());
            flat = step.deliveriesPerSecond() > best * 1.05 ? 0 : flat + 1;
            best = Math.max(best, step.deliveriesPerSecond());
            if (flat == 2 || step.millis(99) > 2_000) {
                break;
            }
        }
        return steps;
    }
}
