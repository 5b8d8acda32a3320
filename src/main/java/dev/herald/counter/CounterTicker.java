package dev.herald.counter;

import dev.herald.config.HeraldConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives {@link CounterStream} on the container's managed scheduler: a tick every {@code herald.counter.period} and a
 * heartbeat every {@code herald.heartbeat}. Starts with the application and cancels its tasks when it is undeployed.
 */
@ApplicationScoped
public class CounterTicker {

    private static final Logger LOG = Logger.getLogger(CounterTicker.class.getName());

    @Resource
    private ManagedScheduledExecutorService scheduler;

    private CounterStream stream;
    private HeraldConfig config;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    protected CounterTicker() {
    }

    @Inject
    public CounterTicker(CounterStream stream, HeraldConfig config) {
        this.stream = stream;
        this.config = config;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        start(scheduler);
    }

    synchronized void start(ScheduledExecutorService executor) {
        tasks.add(every(executor, config.counterPeriod(), "tick", stream::tick));
        tasks.add(every(executor, config.heartbeat(), "heartbeat", stream::heartbeat));
        LOG.info(() -> "Counter ticking every " + config.counterPeriod() + ", heartbeat every " + config.heartbeat());
    }

    @PreDestroy
    synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
    }

    private static ScheduledFuture<?> every(ScheduledExecutorService executor, Duration period, String name,
                                            Runnable task) {
        long millis = period.toMillis();
        // A periodic task that throws is never run again, so one failure must not end the counter.
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Counter " + name + " failed; trying again next period", e);
            }
        };
        return executor.scheduleAtFixedRate(guarded, millis, millis, TimeUnit.MILLISECONDS);
    }
}
