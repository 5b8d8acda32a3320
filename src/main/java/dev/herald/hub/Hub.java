package dev.herald.hub;

import dev.herald.Periodic;
import dev.herald.config.HeraldConfig;
import dev.herald.transport.Transport;
import dev.herald.transport.TransportStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

/**
 * The Mercure hub: publishes updates through the {@link Transport} and keeps subscriptions healthy. On the
 * container's managed scheduler it sends heartbeats and, in one sweep, disconnects subscribers whose socket stalled
 * longer than {@code herald.write-timeout} or whose token expired. No timer is kept per subscription: a sweep over
 * every subscriber costs microseconds each, and nothing outlives the subscription it was for.
 */
@ApplicationScoped
public class Hub {

    /** The longest a subscription outlives its token's {@code exp}. */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);

    @Resource
    private ManagedScheduledExecutorService scheduler;

    private HeraldConfig config;
    private Transport transport;
    private Subscriptions subscriptions;
    private HubMetrics metrics;
    private Clock clock;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private volatile long lastSweep = System.nanoTime();

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
        metrics.watch(this);
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        start(scheduler);
    }

    public synchronized void start(ScheduledExecutorService executor) {
        tasks.add(Periodic.every(executor, config.heartbeat(), "Hub heartbeat", this::heartbeat));
        Duration stallCheck = config.writeTimeout().dividedBy(4);
        Duration sweep = stallCheck.compareTo(SWEEP_PERIOD) < 0 ? stallCheck : SWEEP_PERIOD;
        tasks.add(Periodic.every(executor, sweep.isZero() ? Duration.ofMillis(1) : sweep, "Hub sweep", this::sweep));
    }

    /**
     * @throws DuplicateIdException    when an update with the same id is still in the history
     * @throws HubOverloadedException  when as many updates wait for delivery as the history holds
     * @throws HubUnavailableException when the transport (Redis) could not take the update in time
     */
    public void publish(Update update) {
        long start = System.nanoTime();
        transport.append(update);
        metrics.published(System.nanoTime() - start);
    }

    /**
     * @param lastEventId the id the subscriber saw last, or {@code null}
     * @return the id the subscription is current with, for the {@code Last-Event-ID} response header
     */
    public String subscribe(Subscriber subscriber, String lastEventId) {
        return subscriptions.subscribe(subscriber, lastEventId);
    }

    public void unsubscribe(Subscriber subscriber) {
        subscriptions.unsubscribe(subscriber);
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

    /** What the hub counts; the delivery path adds to it too. */
    public HubMetrics metrics() {
        return metrics;
    }

    @PreDestroy
    synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
        subscriptions.close();
    }

    void heartbeat() {
        subscriptions.forEach(subscriber -> subscriber.send(SseFrame.HEARTBEAT));
    }

    /** Also sums up the subscribers' queues for the metrics, since it visits every subscriber anyway. */
    void sweep() {
        long stallLimit = config.writeTimeout().toNanos();
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
