package dev.herald.bench;

import java.io.IOException;

/** 10,000 subscribers on one topic and 10 updates a second: the latency a steady, realistic load sees. */
final class FixedRate implements Scenario {

    static final int SUBSCRIBERS = 10_000;
    static final double RATE = 10;
    private final int seconds;

    FixedRate(int seconds) {
        this.seconds = seconds;
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public void run(Target system, Results results) throws IOException, InterruptedException {
        try (Subscribers subscribers = new Subscribers(system.server(), system.subscribePath("fixed"), SUBSCRIBERS,
                "", true)) {
            subscribers.awaitOpen(120);
            results.fixedRate = Load.run(system, subscribers, "fixed", RATE, seconds, "");
        }
        Measurement fixed = results.fixedRate;
        System.out.printf("  fixed rate 10,000 x 10/s: p50 %.1f ms, p99 %.1f ms, publish p50 %.2f ms p99 %.2f ms max"
                + " %.1f ms, server CPU per delivery %.2f µs (kernel %.2f µs)%n", fixed.millis(50), fixed.millis(99),
                fixed.publishMillis(50), fixed.publishMillis(99), fixed.publishMaxMillis(),
                fixed.cpuMicrosPerDelivery(), fixed.kernelMicrosPerDelivery());
    }
}
