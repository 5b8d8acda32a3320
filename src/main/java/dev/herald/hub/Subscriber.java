package dev.herald.hub;

import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * One open subscription: the selectors it asked for, the selectors its token allows private updates for (none for an
 * anonymous subscriber), when its token expires, and the sink its events go to.
 *
 * <p>Every subscription is first caught up from the history (a fresh one has nothing to catch up on) and only then
 * goes live; {@link #cursor} is the position of the last update handed to the sink either way. Live updates offered
 * while it is still catching up are not sent but remembered, by position: it goes live only when none newer than its
 * cursor was offered, so the hand-over from replay to live neither loses nor repeats an update. {@link Subscriptions}
 * owns that hand-over; this object only keeps its state under its own lock.
 */
public final class Subscriber {

    private final String id = Update.newId();
    private final List<TopicSelector> selectors;
    private final List<TopicSelector> privateTopics;
    private final Instant expiresAt;
    private final JsonValue payload;
    private final EventSink sink;
    private boolean live;
    private long cursor = -1;
    private long offered = -1;

    /**
     * @param selectors     the topics it asked for
     * @param privateTopics the selectors its token allows private updates for
     * @param expiresAt     when its token expires, or {@code null}
     */
    public Subscriber(List<TopicSelector> selectors, List<TopicSelector> privateTopics, Instant expiresAt,
                      EventSink sink) {
        this(selectors, privateTopics, expiresAt, null, sink);
    }

    /** @param payload its token's {@code mercure.payload}, shown in its subscription events, or {@code null} */
    public Subscriber(List<TopicSelector> selectors, List<TopicSelector> privateTopics, Instant expiresAt,
                      JsonValue payload, EventSink sink) {
        this.selectors = List.copyOf(selectors);
        this.privateTopics = List.copyOf(privateTopics);
        this.expiresAt = expiresAt;
        this.payload = payload;
        this.sink = sink;
    }

    /** The subscriber's id in subscription events: a fresh {@code urn:uuid:…} for every subscription. */
    public String id() {
        return id;
    }

    /** Its token's {@code mercure.payload}, or {@code null}. */
    public JsonValue payload() {
        return payload;
    }

    public List<TopicSelector> selectors() {
        return selectors;
    }

    public List<TopicSelector> privateTopics() {
        return privateTopics;
    }

    /** True when the update is on a topic this subscriber selected and it may see it. */
    public boolean wants(Update update) {
        for (TopicSelector selector : selectors) {
            if (selector.matchesAny(update.topics())) {
                return mayReceive(update);
            }
        }
        return false;
    }

    /** True unless the update is private and none of its topics is one this subscriber's token allows. */
    public boolean mayReceive(Update update) {
        return update.isVisibleTo(privateTopics);
    }

    /** True once its token has expired at {@code now}. */
    public boolean hasExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Hands on a live update, unless this subscription is still catching up or already has it. */
    public synchronized void deliver(History.Entry entry) {
        if (!live) {
            offered = Math.max(offered, entry.position());
        } else if (entry.position() > cursor) {
            cursor = entry.position();
            sink.send(entry.update().frame());
        }
    }

    /**
     * Hands on a replayed update if this subscriber wants it; replays go in order, so this moves the cursor.
     *
     * @return true when the update was sent
     */
    public synchronized boolean replay(History.Entry entry) {
        cursor = entry.position();
        return wants(entry.update()) && sink.send(entry.update().frame());
    }

    /** Replays will start after {@code position}. */
    public synchronized void replayAfter(long position) {
        cursor = position;
    }

    /**
     * Ends the catching up when no live update newer than the cursor was offered meanwhile: from now on live updates
     * after the cursor are handed on.
     *
     * @return false when one was: it is in the history by now, and the replay must read on
     */
    public synchronized boolean goLiveIfCaughtUp() {
        live = offered <= cursor;
        return live;
    }

    /** The position of the last update handed on, or -1. */
    public synchronized long cursor() {
        return cursor;
    }

    public boolean send(byte[] frame) {
        return sink.send(frame);
    }

    public EventSink sink() {
        return sink;
    }

    public void disconnect() {
        sink.close();
    }
}
