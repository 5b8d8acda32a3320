package dev.herald.counter;

import dev.herald.Periodic;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.Update;
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
import java.util.logging.Logger;

/**
 * Drives {@link CounterStream} on the container's managed scheduler: a tick every {@code herald.counter.period} and a
 * heartbeat every {@code herald.heartbeat}; each count is also published on the hub as {@value #COUNTER_TOPIC}. Every
 * quarter of {@code herald.write-timeout} it drops counter clients whose write has taken longer than that. Starts with
 * the application and cancels its tasks when it is undeployed.
 */
@ApplicationScoped
public class CounterTicker {

    /** The hub topic every count is also published on. */
    public static final String COUNTER_TOPIC = "urn:herald:counter";

    private static final Logger LOG = Logger.getLogger(CounterTicker.class.getName());

    @Resource
    private ManagedScheduledExecutorService scheduler;

    private CounterStream stream;
    private Hub hub;
    private HeraldConfig config;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    protected CounterTicker() {
    }

    @Inject
    public CounterTicker(CounterStream stream, Hub hub, HeraldConfig config) {
        this.stream = stream;
        this.hub = hub;
        this.config = config;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        start(scheduler);
    }

    synchronized void start(ScheduledExecutorService executor) {
        tasks.add(Periodic.every(executor, config.counterPeriod(), "Counter tick", this::tick));
        tasks.add(Periodic.every(executor, config.heartbeat(), "Counter heartbeat", stream::heartbeat));
        Duration stallCheck = config.writeTimeout().dividedBy(4);
        tasks.add(Periodic.every(executor, stallCheck.isZero() ? Duration.ofMillis(1) : stallCheck,
                "Counter stall check", stream::closeStalled));
        LOG.info(() -> "Counter ticking every " + config.counterPeriod() + ", heartbeat every " + config.heartbeat());
    }

    /** Sends the next count to the counter stream, and publishes it on the hub's counter topic. */
    private void tick() {
        Count count = stream.tick();
        hub.publish(Update.of(Update.newId(), List.of(COUNTER_TOPIC), stream.json(count), false, null, null));
    }

    @PreDestroy
    synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
    }
}
