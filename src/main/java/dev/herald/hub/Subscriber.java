package dev.herald.hub;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * One open subscription: the selectors it asked for, the selectors its token allows private updates for (none for an
 * anonymous subscriber), and the sink its events go to.
 */
public final class Subscriber {

    private final List<TopicSelector> topics;
    private final List<TopicSelector> privateTopics;
    private final EventSink sink;

    public Subscriber(List<TopicSelector> topics, List<TopicSelector> privateTopics, EventSink sink) {
        this.topics = List.copyOf(topics);
        this.privateTopics = List.copyOf(privateTopics);
        this.sink = sink;
    }

    public List<TopicSelector> topics() {
        return topics;
    }

    /** True when the update is on a topic this subscriber selected and it may see it. */
    public boolean wants(Update update) {
        for (TopicSelector selector : topics) {
            if (selector.matchesAny(update.topics())) {
                return mayReceive(update);
            }
        }
        return false;
    }

    /** True unless the update is private and none of its topics is one this subscriber's token allows. */
    public boolean mayReceive(Update update) {
        if (!update.isPrivate()) {
            return true;
        }
        for (TopicSelector selector : privateTopics) {
            if (selector.matchesAny(update.topics())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends what this subscriber missed since {@code lastEventId}, in one write; or, when the history no longer has
     * that id, a {@code gap} event that says updates may have been missed.
     */
    public void replay(String lastEventId, Optional<List<Update>> missed) {
        if (missed.isEmpty()) {
            sink.send(Gap.unknown(lastEventId));
            return;
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (Update update : missed.get()) {
            if (wants(update)) {
                batch.writeBytes(update.frame());
            }
        }
        if (batch.size() > 0) {
            sink.send(batch.toByteArray());
        }
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
