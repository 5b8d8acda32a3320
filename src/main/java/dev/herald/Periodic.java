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
        return new Guarded(name, task);
    }

    /** A task that survives its failures; a class of its own so that a heap histogram can count Herald's timers. */
    private static final class Guarded implements Runnable {
        private final String name;
        private final Runnable task;
        private boolean failing;

        Guarded(String name, Runnable task) {
            this.name = name;
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
                if (failing) {
                    failing = false;
                    LOG.info(() -> name + " works again");
                }
            } catch (Throwable e) {
                if (!failing) {
                    failing = true;
                    LOG.log(Level.WARNING, name + " failed; trying again every period, quietly until it works", e);
                } else {
                    LOG.log(Level.FINE, name + " failed again", e);
                }
            }
        }
    }
}
