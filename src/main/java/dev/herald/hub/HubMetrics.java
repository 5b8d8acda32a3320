package dev.herald.hub;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the hub counts, for {@code /api/metrics}. The delivery path only adds to {@link LongAdder}s (no lock, no
 * allocation: two additions per written batch, events and bytes), and the registry reads them when it is scraped. Every series is fixed when
 * the hub starts: none is per topic or per subscriber, and no label value comes from a client, so what a scrape costs
 * and returns cannot be grown from outside.
 */
public final class HubMetrics {

    private static final Duration[] PUBLISH_BUCKETS = {
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5)
    };

    private final MeterRegistry registry;
    private final LongAdder subscriptions = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder replayedUpdates = new LongAdder();
    private final LongAdder unknownGaps = new LongAdder();
    private final LongAdder expiredGaps = new LongAdder();
    private final LongAdder overflowDisconnects = new LongAdder();
    private final LongAdder stallDisconnects = new LongAdder();
    private final LongAdder[] refusals = new LongAdder[RefusalReason.values().length];
    private final Timer publishTime;
    private volatile long queuedFrames;
    private volatile long fullestQueue;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
        count("mercure.subscribers", "Subscriptions ever started", subscriptions);
        count("mercure.updates", "Updates published through this server", updates);
        count("herald.deliveries", "Events (updates, live or replayed, and gap events) written to subscribers",
                deliveries);
        count("herald.sent.bytes", "Bytes written to subscribers, heartbeats included", bytesSent);
        count("herald.replays", "Subscriptions that asked to resume after a Last-Event-ID", replays);
        count("herald.replayed.updates", "Updates sent to subscribers from the history", replayedUpdates);
        count("herald.gaps", "Gap events sent", unknownGaps, "reason", Gap.UNKNOWN);
        count("herald.gaps", "Gap events sent", expiredGaps, "reason", Gap.EXPIRED);
        count("herald.slow.disconnects", "Subscribers disconnected as too slow", overflowDisconnects,
                "reason", "queue_overflow");
        count("herald.slow.disconnects", "Subscribers disconnected as too slow", stallDisconnects,
                "reason", "write_stall");
        for (RefusalReason reason : RefusalReason.values()) {
            refusals[reason.ordinal()] = new LongAdder();
            count("herald.refused", "Requests the hub refused, by reason", refusals[reason.ordinal()],
                    "reason", reason.label());
        }
        Gauge.builder("herald.queued.frames", this, metrics -> metrics.queuedFrames)
                .description("Frames waiting in subscribers' queues, all together, as of the last sweep")
                .register(registry);
        Gauge.builder("herald.queue.fullest", this, metrics -> metrics.fullestQueue)
                .description("Frames waiting in the fullest subscriber queue, as of the last sweep")
                .register(registry);
        publishTime = Timer.builder("herald.publish")
                .description("How long the transport took to accept a published update")
                .serviceLevelObjectives(PUBLISH_BUCKETS)
                .register(registry);
    }

    /** Registers the gauges that read the hub and its transport when scraped. */
    void watch(Hub hub) {
        Gauge.builder("mercure.subscribers.connected", hub, Hub::subscribers)
                .description("Subscriptions open now").register(registry);
        Gauge.builder("herald.transport.connected", hub, h -> h.transportStatus().connected() ? 1 : 0)
                .description("1 while the transport (Redis) answers, else 0").register(registry);
        Gauge.builder("herald.transport.lag.entries", hub, h -> h.transportStatus().lagEntries())
                .description("Updates in the transport's log this server has not handed on yet").register(registry);
        Gauge.builder("herald.transport.lag", hub, h -> h.transportStatus().lagMillis() / 1000.0)
                .baseUnit("seconds")
                .description("How long the oldest of those has waited").register(registry);
    }

    private void count(String name, String description, LongAdder adder, String... tags) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    void subscribed(boolean resuming) {
        subscriptions.increment();
        if (resuming) {
            replays.increment();
        }
    }

    void published(long nanos) {
        updates.increment();
        publishTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void replayed(int count) {
        replayedUpdates.add(count);
    }

    void unknownGap() {
        unknownGaps.increment();
    }

    void expiredGap() {
        expiredGaps.increment();
    }

    void stalled() {
        stallDisconnects.increment();
    }

    void queues(long frames, long fullest) {
        queuedFrames = frames;
        fullestQueue = fullest;
    }

    /** A batch of {@code events} events in {@code bytes} bytes was written to a subscriber. */
    public void wrote(int events, int bytes) {
        bytesSent.add(bytes);
        deliveries.add(events);
    }

    public void overflowed() {
        overflowDisconnects.increment();
    }

    public void refused(int status) {
        refusals[RefusalReason.of(status).ordinal()].increment();
    }

    /** Events written to subscribers since the start, for the page's chart. */
    public long deliveries() {
        return deliveries.sum();
    }
}
