package dev.herald.counter;

import dev.herald.Periodic;
import dev.herald.Timers;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.DuplicateIdException;
import dev.herald.hub.Hub;
import dev.herald.hub.Update;
import dev.herald.transport.Lease;
import dev.herald.transport.Transport;
import jakarta.annotation.PreDestroy;
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
 * Drives {@link CounterStream} on Herald's {@link Timers}: a tick every {@code herald.counter.period} and a heartbeat
 * every {@code herald.heartbeat}; each count is also published on the hub as {@value #COUNTER_TOPIC}. Every
 * quarter of {@code herald.write-timeout} it drops counter clients whose write has taken longer than that. Starts with
 * the application and cancels its tasks when it is undeployed.
 *
 * <p>In a cluster one count goes for every node: only the node holding the counter's lease ticks, and it ticks only by
 * publishing the next count (with its event id) on the hub; every node, that one too, sends on the counts it sees
 * arrive on that topic. When the holder dies its lease runs out within {@link #leaseTime()} and another node goes on
 * from the last count in the stream, with the same epoch.
 */
@ApplicationScoped
public class CounterTicker {

    /** The hub topic every count is also published on. */
    public static final String COUNTER_TOPIC = "urn:herald:counter";

    private static final Logger LOG = Logger.getLogger(CounterTicker.class.getName());
    private static final Duration MIN_LEASE = Duration.ofSeconds(2);

    @Inject
    private Timers timers;

    private CounterStream stream;
    private Hub hub;
    private HeraldConfig config;
    private Lease lease;
    private CounterFeed feed;
    /** The last count this node published for the cluster. */
    private volatile long ticked;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private boolean stopped;

    protected CounterTicker() {
    }

    /** A counter of its own, for a server alone. */
    public CounterTicker(CounterStream stream, Hub hub, HeraldConfig config) {
        this(stream, hub, config, Lease.SOLE);
    }

    @Inject
    public CounterTicker(CounterStream stream, Hub hub, HeraldConfig config, Transport transport) {
        this(stream, hub, config, transport.lease("counter"));
    }

    CounterTicker(CounterStream stream, Hub hub, HeraldConfig config, Lease lease) {
        this.stream = stream;
        this.hub = hub;
        this.config = config;
        this.lease = lease;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        start(timers.executor());
    }

    synchronized void start(ScheduledExecutorService executor) {
        if (lease == Lease.SOLE) {
            tasks.add(Periodic.every(executor, config.counterPeriod(), "Counter tick", this::tick));
        } else {
            feed = new CounterFeed(hub, stream);
            feed.start();
            tasks.add(Periodic.every(executor, config.counterPeriod(), "Counter tick", this::tickForTheCluster));
        }
        tasks.add(Periodic.every(executor, config.heartbeat(), "Counter heartbeat", stream::heartbeat));
        Duration stallCheck = config.writeTimeout().dividedBy(4);
        tasks.add(Periodic.every(executor, stallCheck.isZero() ? Duration.ofMillis(1) : stallCheck,
                "Counter stall check", stream::closeStalled));
        LOG.info(() -> "Counter ticking every " + config.counterPeriod() + ", heartbeat every " + config.heartbeat());
    }

    /** Sends the next count to the counter stream, and publishes it on the hub's counter topic. */
    private void tick() {
        if (!hub.isAccepting()) {
            return; // the application is stopping
        }
        Count count = stream.tick();
        hub.publish(Update.of(Update.newId(), List.of(COUNTER_TOPIC), stream.json(count), false, null, null));
    }

    /**
     * Publishes the next count on the hub, if this node holds the lease; it is sent when it comes back through the
     * stream. It goes on from the last count it published itself when the stream has not brought that back yet.
     */
    private void tickForTheCluster() {
        if (!hub.isAccepting() || !lease.acquire(leaseTime())) {
            return;
        }
        Tick next = stream.upcoming(ticked);
        try {
            hub.publish(Update.of(next.id(), List.of(COUNTER_TOPIC), stream.json(next.count()), false, null, null));
        } catch (DuplicateIdException e) {
            // The stream has this count already (this node had not seen it yet): the next tick goes past it.
        }
        ticked = next.count().count();
    }

    /** How long the lease lasts unrenewed: three ticks, and at least two seconds, so that a slow tick keeps it. */
    Duration leaseTime() {
        Duration threeTicks = config.counterPeriod().multipliedBy(3);
        return threeTicks.compareTo(MIN_LEASE) < 0 ? MIN_LEASE : threeTicks;
    }

    /** Whether this node is the one that ticks. */
    public boolean holdsLease() {
        return lease.held();
    }

    @PreDestroy
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
        if (feed != null) {
            feed.stop();
        }
        lease.release();
    }
}
