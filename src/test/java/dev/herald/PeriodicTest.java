package dev.herald;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicTest {

    @Test
    void aTaskThatThrowsAnErrorIsRunAgainNextPeriod() throws InterruptedException {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger runs = new AtomicInteger();
        try {
            Periodic.every(executor, Duration.ofMillis(10), "Failing task", () -> {
                runs.incrementAndGet();
                throw new StackOverflowError("as re2j threw on a huge template");
            });
            // The first failure's stack trace takes a while to log on a loaded machine: wait for runs, not for time.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (runs.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            executor.shutdownNow();
        }
        assertTrue(runs.get() >= 3, "ran " + runs.get() + " times: an Error ended the periodic task");
    }
}
