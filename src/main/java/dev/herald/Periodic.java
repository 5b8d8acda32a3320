package dev.herald;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Schedules Herald's periodic work (ticks, heartbeats, sweeps) so that no failure ends it: a scheduled task that throws
 * anything, an {@link Error} included, is never run again, so every run is guarded. A failing task says so once, with
 * its cause, and once more when it works again, rather than filling the log every period.
 */
public final class Periodic {

    private static final Logger LOG = Logger.getLogger(Periodic.class.getName());

    private Periodic() {
    }

    public static ScheduledFuture<?> every(ScheduledExecutorService executor, Duration period, String name,
                                           Runnable task) {
        long millis = period.toMillis();
        return executor.scheduleAtFixedRate(guarded(name, task), millis, millis, TimeUnit.MILLISECONDS);
    }

    static Runnable guarded(String name, Runnable task) {
        boolean[] failing = {false};
        return () -> {
            try {
                task.run();
                if (failing[0]) {
                    failing[0] = false;
                    LOG.info(() -> name + " works again");
                }
            } catch (Throwable e) {
                if (!failing[0]) {
                    failing[0] = true;
                    LOG.log(Level.WARNING, name + " failed; trying again every period, quietly until it works", e);
                } else {
                    LOG.log(Level.FINE, name + " failed again", e);
                }
            }
        };
    }
}
