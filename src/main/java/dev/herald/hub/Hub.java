package dev.herald.hub;

import dev.herald.ContainerThreads;
import dev.herald.Periodic;
import dev.herald.Timers;
import dev.herald.config.HeraldConfig;
import dev.herald.transport.Transport;
import dev.herald.transport.TransportStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

/**
 * The Mercure hub: publishes updates through the {@link Transport} and keeps subscriptions healthy. On Herald's
 * {@link Timers} it sends heartbeats and, in one sweep, disconnects subscribers whose socket stalled longer than
 * {@code herald.write-timeout} or whose token expired. No timer is kept per subscription: a sweep over every
 * subscriber costs microseconds each, and nothing outlives the subscription it was for.
 *
 * <p>When the application stops, the hub first stops taking updates and lets the ones it acknowledged reach the
 * subscribers, and only then ends their streams (see {@link #shutdown()}, which the HTTP endpoint calls as it goes).
 */
@ApplicationScoped
public class Hub {

    /** The longest a subscription outlives its token's {@code exp}. */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);
    /** The longest a client whose stream ended on shutdown is told to wait before it reconnects. */
    static final Duration RECONNECT_SPREAD = Duration.ofSeconds(1);
    private static final long SHUTDOWN_POLL_MILLIS = 10;
    /**
     * On a redeploy Payara stops the application's class loader before it lets the application stop, so a class that
     * {@link #shutdown()} would use for the first time could not be loaded then: these are resolved as the hub starts.
     */
    private static final List<Class<?>> NEEDED_TO_STOP = List.of(HubUnavailableException.class, System.class,
            Thread.class, InterruptedException.class, ThreadLocalRandom.class, BooleanSupplier.class);

    @Inject
    private Timers timers;

    private HeraldConfig config;
    private Transport transport;
    private Subscriptions subscriptions;
    private HubMetrics metrics;
    private Clock clock;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private volatile boolean stopping;
    // Publishes between the check of 'stopping' and the transport's answer, and the newest position they were given:
    // what the shutdown waits for before it ends the streams.
    private final AtomicInteger publishing = new AtomicInteger();
    private final AtomicLong lastAppended = new AtomicLong(-1);
    private volatile long lastSweep = System.nanoTime();
    private Announcer announcer;

    protected Hub() {
    }

    @Inject
    public Hub(HeraldConfig config, Transport transport, MeterRegistry registry) {
        this(config, transport, registry, Clock.systemUTC());
    }

    Hub(HeraldConfig config, Transport transport, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.transport = transport;
        this.metrics = new HubMetrics(registry);
        this.subscriptions = new Subscriptions(transport, metrics);
        this.clock = clock;
        if (config.subscriptions()) {
            announcer = new Announcer(transport.roster(), subscriptions::forEach);
        }
        metrics.watch(this);
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        start(timers.executor(), ContainerThreads.factory());
    }

    /**
     * @param executor where the heartbeats and sweeps run
     * @param threads  where the thread that publishes subscription events comes from
     */
    public synchronized void start(ScheduledExecutorService executor, ThreadFactory threads) {
        if (announcer != null) {
            announcer.start(threads);
        }
        tasks.add(Periodic.every(executor, config.heartbeat(), "Hub heartbeat", this::heartbeat));
        // Twice per probe period: a silent stream is probed between one and one and a half periods after its last write.
        Duration sweep = shortest(config.writeTimeout().dividedBy(4), SWEEP_PERIOD,
                config.idleProbe().isZero() ? SWEEP_PERIOD : config.idleProbe().dividedBy(2));
        tasks.add(Periodic.every(executor, sweep.isZero() ? Duration.ofMillis(1) : sweep, "Hub sweep", this::sweep));
    }

    /**
     * @throws DuplicateIdException    when an update with the same id is still in the history
     * @throws HubOverloadedException  when as many updates wait for delivery as the history holds
     * @throws HubUnavailableException when the transport (Redis) could not take the update in time, or this server
     *                                 is stopping
     * @throws IllegalArgumentException when a topic is under {@link Presence#PATH}, where only the hub publishes
     */
    public void publish(Update update) {
        for (String topic : update.topics()) {
            if (Presence.isReserved(topic)) {
                throw new IllegalArgumentException("The topic '" + topic + "' is reserved: under " + Presence.PATH
                        + " only the hub itself publishes, its subscription events.");
            }
        }
        publishing.incrementAndGet();
        try {
            if (stopping) {
                throw new HubUnavailableException("Herald is stopping on this server: publish again in a moment,"
                        + " to another server behind the same address");
            }
            long start = System.nanoTime();
            long position = transport.append(update);
            metrics.published(System.nanoTime() - start);
            lastAppended.accumulateAndGet(position, Math::max);
        } finally {
            publishing.decrementAndGet();
        }
    }

    /** False once {@link #shutdown()} began: updates are refused from then on. */
    public boolean isAccepting() {
        return !stopping;
    }

    /**
     * @param lastEventId the id the subscriber saw last, or {@code null}
     * @return the id the subscription is current with, for the {@code Last-Event-ID} response header
     */
    public String subscribe(Subscriber subscriber, String lastEventId) {
        String current = subscriptions.subscribe(subscriber, lastEventId);
        if (announcer != null) {
            announcer.started(subscriber);
        }
        if (stopping) {
            // Subscribed while the shutdown ends every stream: sent elsewhere at once rather than held until it is cut.
            end(subscriber);
        }
        return current;
    }

    /**
     * Subscribes one of Herald's own feeds (the cluster's counter), which is nobody's subscription: no subscription
     * events, and not in the subscriptions API.
     */
    public String feed(Subscriber subscriber, String lastEventId) {
        return subscriptions.subscribe(subscriber, lastEventId);
    }

    /** Ends a subscription (or a feed); with {@code herald.subscriptions}, its end is announced, once. */
    public void unsubscribe(Subscriber subscriber) {
        if (subscriptions.unsubscribe(subscriber) && announcer != null) {
            announcer.ended(subscriber);
        }
    }

    /**
     * Visits the hub's active subscriptions whose id starts with {@code prefix} (on every server of a cluster), with
     * their JSON-LD descriptions, until the visitor answers false.
     *
     * @throws HubUnavailableException when Redis cannot be read now
     */
    public void forEachSubscription(String prefix, BiPredicate<String, String> visitor) {
        transport.roster().forEach(prefix, visitor);
    }

    /**
     * The JSON-LD description of the active subscription with this id, or {@code null}.
     *
     * @throws HubUnavailableException when Redis cannot be read now
     */
    public String subscription(String id) {
        return transport.roster().description(id);
    }

    /** What {@link #subscribe} would answer for the {@code Last-Event-ID} header, without subscribing. */
    public String lastEventIdFor(List<TopicSelector> privateTopics) {
        return transport.head(privateTopics).lastEventId();
    }

    /** The transport and how far behind its log this server is. */
    public TransportStatus transportStatus() {
        return transport.status();
    }

    public int subscribers() {
        return subscriptions.size();
    }

    /**
     * Stops this server's part of the hub without dropping what it acknowledged: publishes are refused from now on
     * (503), the updates already accepted are handed to the subscribers' queues, and each stream ends once its queue
     * is written, telling the client to reconnect within {@link #RECONNECT_SPREAD} (spread, so that they do not all
     * come back at once) with its {@code Last-Event-ID}: to another server, or to this one redeployed. What is left
     * after {@code herald.shutdown.timeout} is cut.
     */
    public void shutdown() {
        stopping = true;
        try {
            long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
            cancelTasks();
            awaitUntil(deadline, () -> publishing.get() == 0);
            long acknowledged = lastAppended.get();
            awaitUntil(deadline, () -> subscriptions.handedOn() >= acknowledged);
            subscriptions.forEach(this::end);
            awaitUntil(deadline, () -> subscriptions.size() == 0);
        } finally {
            stop();
        }
    }

    /** What the hub counts; the delivery path adds to it too. */
    public HubMetrics metrics() {
        return metrics;
    }

    @PreDestroy
    synchronized void stop() {
        cancelTasks();
        if (announcer != null) {
            announcer.stop();
        }
        subscriptions.close();
    }

    private synchronized void cancelTasks() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
    }

    private void end(Subscriber subscriber) {
        long spread = Math.min(config.retry().toMillis(), RECONNECT_SPREAD.toMillis());
        subscriber.sink().end(SseFrame.closing(ThreadLocalRandom.current().nextLong(spread + 1)));
    }

    private static void awaitUntil(long deadline, BooleanSupplier done) {
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(SHUTDOWN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void heartbeat() {
        subscriptions.forEach(subscriber -> subscriber.send(SseFrame.HEARTBEAT));
    }

    private static Duration shortest(Duration... durations) {
        return Arrays.stream(durations).min(Duration::compareTo).orElseThrow();
    }

    /**
     * Also probes the streams that were silent for {@code herald.idle-probe}, so that a client that went away is let
     * go within a few seconds rather than at the next heartbeat; and sums up the subscribers' queues for the metrics,
     * since it visits every subscriber anyway.
     */
    void sweep() {
        long stallLimit = config.writeTimeout().toNanos();
        long probeAfter = config.idleProbe().toNanos();
        var now = clock.instant();
        long[] queued = new long[2]; // all together, the fullest
        subscriptions.forEach(subscriber -> {
            boolean stalled = subscriber.sink().stalledNanos() > stallLimit;
            if (stalled) {
                metrics.stalled();
            }
            if (stalled || subscriber.hasExpired(now)) {
                subscriber.disconnect();
                return;
            }
            int frames = subscriber.sink().queued();
            if (probeAfter > 0 && frames == 0 && subscriber.sink().silentNanos() >= probeAfter) {
                subscriber.send(SseFrame.PROBE);
            }
            queued[0] += frames;
            queued[1] = Math.max(queued[1], frames);
        });
        metrics.queues(queued[0], queued[1]);
        lastSweep = System.nanoTime();
    }

    /** How long ago the periodic sweep last ran (or the hub was created): it runs at least once a second while alive. */
    public Duration sinceSweep() {
        return Duration.ofNanos(System.nanoTime() - lastSweep);
    }
}
