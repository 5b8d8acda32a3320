package dev.herald;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Schedules Herald's periodic work (ticks, heartbeats, stall checks) so that one failed run does not end it. */
public final class Periodic {

    private static final Logger LOG = Logger.getLogger(Periodic.class.getName());

    private Periodic() {
    }

    public static ScheduledFuture<?> every(ScheduledExecutorService executor, Duration period, String name,
                                           Runnable task) {
        long millis = period.toMillis();
        // A periodic task that throws is never run again.
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed; trying again next period", e);
            }
        };
        return executor.scheduleAtFixedRate(guarded, millis, millis, TimeUnit.MILLISECONDS);
    }
}
