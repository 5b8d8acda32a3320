package dev.herald.counter;

import dev.herald.config.HeraldConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The counter's event stream: every subscriber's {@link SseEventSink} is registered with one {@link SseBroadcaster},
 * wrapped in a {@link CounterSink}, and each tick is broadcast to all of them as an event named {@code count} whose id
 * is {@code <epoch>-<count>} (see {@link CounterHistory}).
 *
 * <p>Ticks and subscriptions take turns on this object's lock, so a subscriber that reconnects gets the counts it missed
 * and then every later one: none twice, none lost in between. Nothing under the lock writes to a socket: a
 * {@link CounterSink} only queues, and writes on the managed executor, with the hub's slow-consumer limits
 * ({@code herald.queue.size} events waiting, {@code herald.write-timeout} for one write).
 */
@ApplicationScoped
public class CounterStream {

    private static final Logger LOG = Logger.getLogger(CounterStream.class.getName());

    static final String COUNT_EVENT = "count";
    static final String GAP_EVENT = "gap";

    private final Set<CounterSink> subscribers = ConcurrentHashMap.newKeySet();
    @Resource
    private ManagedExecutorService managedExecutor;
    private Executor executor;
    private Jsonb jsonb;
    private Clock clock;
    private HeraldConfig config;
    private CounterHistory history;
    // JAX-RS hands out Sse only inside a request, so the broadcaster is made for the first subscriber.
    private Sse sse;
    private SseBroadcaster broadcaster;

    protected CounterStream() {
    }

    /** Writes to clients on the container's default managed executor. */
    @Inject
    public CounterStream(HeraldConfig config) {
        this(config, Clock.systemUTC(), null);
    }

    /** @param executor where clients' events are written; {@code null} for the container's managed executor */
    CounterStream(HeraldConfig config, Clock clock, Executor executor) {
        this.config = config;
        this.clock = clock;
        this.executor = executor;
        this.jsonb = JsonbBuilder.create();
        // This start of the application: its time in milliseconds, in base 36 (8 characters until the year 2059).
        this.history = new CounterHistory(Long.toString(clock.millis(), 36), config.historySize());
    }

    /**
     * Opens the stream with a comment (so headers reach the client at once), replays what the client missed since
     * {@code lastEventId}, then goes on with live counts. Every event carries the {@code retry:} hint: JAX-RS writers
     * put {@code retry:} only into events with data, and an event with data is one a browser dispatches. Only queues:
     * the events are written after this returns.
     */
    public void subscribe(Sse sse, SseEventSink sink, String lastEventId) {
        CounterSink subscriber;
        synchronized (this) {
            if (broadcaster == null) {
                openBroadcaster(sse);
            }
            List<OutboundSseEvent> opening = new ArrayList<>(2);
            opening.add(sse.newEventBuilder().comment("herald counter").build());
            Replay replay = history.after(lastEventId);
            if (replay.gap() != null) {
                opening.add(sse.newEventBuilder()
                        .name(GAP_EVENT)
                        .reconnectDelay(config.retry().toMillis())
                        .data(String.class, jsonb.toJson(replay.gap()))
                        .build());
            }
            subscriber = new CounterSink(sink, executor(), config.queueSize(), opening, replay.missed(), this::event,
                    subscribers::remove);
            subscribers.add(subscriber);
            broadcaster.register(subscriber);
        }
        subscriber.start();
    }

    /** Advances the counter and queues the new count for every subscriber. */
    public synchronized Count tick() {
        Count count = history.next(clock.instant());
        if (broadcaster != null) {
            broadcaster.broadcast(event(count));
        }
        return count;
    }

    /**
     * The id and count that come next, for the node that ticks for a cluster; nothing is kept or sent yet.
     *
     * @param ticked the last count this node published, which may not have come back through the stream yet
     */
    public synchronized Tick upcoming(long ticked) {
        Count count = history.upcoming(clock.instant(), ticked);
        return new Tick(history.id(count), count);
    }

    /**
     * Keeps and sends a count that came through the cluster's stream: the JSON data of a hub update whose id is the
     * count's event id. A count already here (or older) is ignored, so every node sends each count once.
     */
    void accept(String id, String json) {
        Count count;
        try {
            count = jsonb.fromJson(json, Count.class);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Ignoring the counter update " + id + ": its data is not a count (" + e.getMessage()
                    + ")");
            return;
        }
        synchronized (this) {
            if (history.accept(id, count) && broadcaster != null) {
                broadcaster.broadcast(event(count));
            }
        }
    }

    /** Sends a {@code :} comment so that idle connections stay open and clients that left are noticed. */
    public synchronized void heartbeat() {
        if (broadcaster != null) {
            broadcaster.broadcast(sse.newEventBuilder().comment("heartbeat").build());
        }
    }

    /** Drops the subscribers whose current write has taken longer than {@code herald.write-timeout}. */
    public void closeStalled() {
        long limit = config.writeTimeout().toNanos();
        for (CounterSink subscriber : subscribers) {
            if (subscriber.stalledNanos() > limit) {
                subscriber.close("one write took longer than " + config.writeTimeout() + " (herald.write-timeout)");
            }
        }
    }

    public synchronized long count() {
        return history.latest();
    }

    public int subscribers() {
        return subscribers.size();
    }

    @PreDestroy
    synchronized void close() {
        if (broadcaster != null) {
            broadcaster.close();
        }
        subscribers.forEach(CounterSink::close);
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing JSON-B failed", e);
        }
    }

    private void openBroadcaster(Sse requestSse) {
        sse = requestSse;
        broadcaster = requestSse.newBroadcaster();
        // A CounterSink leaves the subscribers itself when it closes; these only cover the broadcaster closing it.
        broadcaster.onClose(sink -> subscribers.remove(sink));
        broadcaster.onError((sink, error) -> subscribers.remove(sink));
    }

    private Executor executor() {
        return executor != null ? executor : managedExecutor;
    }

    /** The count as the JSON its events carry: {@code {"count":N,"timestamp":"…"}}. */
    public String json(Count count) {
        return jsonb.toJson(count);
    }

    private OutboundSseEvent event(Count count) {
        return sse.newEventBuilder()
                .id(history.id(count))
                .name(COUNT_EVENT)
                .reconnectDelay(config.retry().toMillis())
                .data(String.class, json(count))
                .build();
    }
}
