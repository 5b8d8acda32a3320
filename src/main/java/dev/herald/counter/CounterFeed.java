package dev.herald.counter;

import dev.herald.hub.EventSink;
import dev.herald.hub.History;
import dev.herald.hub.Hub;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * In a cluster, the counter's own subscription to its hub topic: every count the cluster's ticking node publishes
 * reaches the {@link CounterStream} of every node through it, in order, starting from the counts the stream still keeps
 * (so that a node that starts, or takes over the ticking, goes on from the cluster's last count). It is a subscriber
 * like any other, so the hub's hand-over from replay to live serves it too; it takes each frame at once, and when the
 * hub ends it (after the stream lost updates) it subscribes again.
 */
final class CounterFeed implements EventSink {

    private final Hub hub;
    private final CounterStream stream;
    private Subscriber subscriber;
    private boolean stopped;
    private volatile boolean closed;

    CounterFeed(Hub hub, CounterStream stream) {
        this.hub = hub;
        this.stream = stream;
    }

    synchronized void start() {
        closed = false;
        subscriber = new Subscriber(List.of(TopicSelector.of(CounterTicker.COUNTER_TOPIC)), List.of(), null, this);
        hub.feed(subscriber, History.EARLIEST);
    }

    /** Ends the subscription for good: the application stops. */
    synchronized void stop() {
        stopped = true;
        closed = true;
        hub.unsubscribe(subscriber);
    }

    @Override
    public boolean send(byte[] frame) {
        String id = null;
        String data = null;
        for (String line : new String(frame, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("id: ")) {
                id = line.substring("id: ".length());
            } else if (line.startsWith("data: ")) {
                data = line.substring("data: ".length());
            }
        }
        // Heartbeats and gap events carry no id.
        if (id != null && data != null) {
            stream.accept(id, data);
        }
        return !closed;
    }

    @Override
    public int queued() {
        return 0; // it takes each frame at once
    }

    @Override
    public int capacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void whenDrained(Runnable next) {
        next.run();
    }

    @Override
    public long stalledNanos() {
        return 0;
    }

    @Override
    public long silentNanos() {
        return 0;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** The hub stops: the feed ends for good instead of subscribing again. */
    @Override
    public synchronized void end(byte[] lastFrame) {
        stopped = true;
        close();
    }

    /** The hub ends the subscription: unless the application stops, a new one starts from the kept counts. */
    @Override
    public synchronized void close() {
        closed = true;
        hub.unsubscribe(subscriber);
        if (!stopped) {
            start();
        }
    }
}
