package dev.herald.hub;

import java.time.Instant;
import java.util.List;

/**
 * One open subscription: the selectors it asked for, the selectors its token allows private updates for (none for an
 * anonymous subscriber), when its token expires, and the sink its events go to.
 *
 * <p>A subscription that resumes from a {@code Last-Event-ID} is first replayed from the history and only then goes
 * live; {@link #cursor} is the position of the last update handed to the sink either way, so that the hand-over from
 * replay to live neither loses nor repeats an update. The transport owns that hand-over; this object only keeps its
 * state under its own lock.
 */
public final class Subscriber {

    private final List<TopicSelector> selectors;
    private final List<TopicSelector> privateTopics;
    private final Instant expiresAt;
    private final EventSink sink;
    private boolean live;
    private long cursor = -1;

    /**
     * @param selectors     the topics it asked for
     * @param privateTopics the selectors its token allows private updates for
     * @param expiresAt     when its token expires, or {@code null}
     */
    public Subscriber(List<TopicSelector> selectors, List<TopicSelector> privateTopics, Instant expiresAt,
                      EventSink sink) {
        this.selectors = List.copyOf(selectors);
        this.privateTopics = List.copyOf(privateTopics);
        this.expiresAt = expiresAt;
        this.sink = sink;
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

    /** Hands on a live update, unless this subscription is still replaying or already has it. */
    public synchronized void deliver(History.Entry entry) {
        if (live && entry.position() > cursor) {
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

    /** Ends the replay (or skips it): from now on live updates after {@code position} are handed on. */
    public synchronized void goLive(long position) {
        cursor = Math.max(cursor, position);
        live = true;
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
