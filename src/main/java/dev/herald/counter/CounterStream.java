package dev.herald.counter;

import dev.herald.config.HeraldConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The counter's event stream: every subscriber's {@link SseEventSink} is registered with one {@link SseBroadcaster},
 * and each tick is broadcast to all of them as an event named {@code count} whose id is the count.
 *
 * <p>Ticks and subscriptions take turns on this object's lock, so a subscriber that reconnects gets the counts it missed
 * and then every later one: none twice, none lost in between.
 */
@ApplicationScoped
public class CounterStream {

    private static final Logger LOG = Logger.getLogger(CounterStream.class.getName());

    static final String COUNT_EVENT = "count";
    static final String GAP_EVENT = "gap";

    private final Set<SseEventSink> subscribers = ConcurrentHashMap.newKeySet();
    private Jsonb jsonb;
    private Clock clock;
    private HeraldConfig config;
    private CounterHistory history;
    // JAX-RS hands out Sse only inside a request, so the broadcaster is made for the first subscriber.
    private Sse sse;
    private SseBroadcaster broadcaster;

    protected CounterStream() {
    }

    @Inject
    public CounterStream(HeraldConfig config) {
        this(config, Clock.systemUTC());
    }

    CounterStream(HeraldConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.jsonb = JsonbBuilder.create();
        this.history = new CounterHistory(config.historySize());
    }

    /**
     * Opens the stream with a comment (so headers reach the client at once), replays what the client missed since
     * {@code lastEventId}, then registers it for live counts. Every event carries the {@code retry:} hint: JAX-RS
     * writers put {@code retry:} only into events with data, and an event with data is one a browser dispatches.
     */
    public synchronized void subscribe(Sse sse, SseEventSink sink, String lastEventId) {
        if (broadcaster == null) {
            openBroadcaster(sse);
        }
        sink.send(sse.newEventBuilder().comment("herald counter").build());
        Replay replay = history.after(lastEventId);
        if (replay.gap() != null) {
            sink.send(sse.newEventBuilder()
                    .name(GAP_EVENT)
                    .reconnectDelay(config.retry().toMillis())
                    .data(String.class, jsonb.toJson(replay.gap()))
                    .build());
        }
        for (Count count : replay.missed()) {
            sink.send(event(count));
        }
        subscribers.add(sink);
        broadcaster.register(sink);
    }

    /** Advances the counter and sends the new count to every subscriber. */
    public synchronized Count tick() {
        Count count = history.next(clock.instant());
        if (broadcaster != null) {
            broadcaster.broadcast(event(count));
        }
        forgetClosedSinks();
        return count;
    }

    /** Sends a {@code :} comment so that idle connections stay open and clients that left are noticed. */
    public synchronized void heartbeat() {
        if (broadcaster != null) {
            broadcaster.broadcast(sse.newEventBuilder().comment("heartbeat").build());
        }
        forgetClosedSinks();
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
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing JSON-B failed", e);
        }
    }

    private void openBroadcaster(Sse requestSse) {
        sse = requestSse;
        broadcaster = requestSse.newBroadcaster();
        broadcaster.onClose(subscribers::remove);
        broadcaster.onError((sink, error) -> subscribers.remove(sink));
    }

    /** The count as the JSON its events carry: {@code {"count":N,"timestamp":"…"}}. */
    public String json(Count count) {
        return jsonb.toJson(count);
    }

    private OutboundSseEvent event(Count count) {
        return sse.newEventBuilder()
                .id(Long.toString(count.count()))
                .name(COUNT_EVENT)
                .reconnectDelay(config.retry().toMillis())
                .data(String.class, json(count))
                .build();
    }

    private void forgetClosedSinks() {
        subscribers.removeIf(SseEventSink::isClosed);
    }
}
