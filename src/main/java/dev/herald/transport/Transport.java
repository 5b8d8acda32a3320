package dev.herald.transport;

import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import java.util.List;
import java.util.function.Consumer;

/**
 * The seam between publishing and delivery. A transport puts updates in one order, keeps their history, and hands
 * each one to the local subscribers that want it; where the history lives (memory now, Redis Streams later) is its
 * business alone.
 */
public interface Transport extends AutoCloseable {

    /**
     * Appends the update to the history; it is delivered to the subscribers that want it soon after, never on the
     * caller's thread.
     *
     * @throws dev.herald.hub.DuplicateIdException    when an update with the same id is still in the history
     * @throws dev.herald.hub.HubOverloadedException when as many updates wait for delivery as the history holds
     */
    void publish(Update update);

    /**
     * Registers the subscriber. When {@code lastEventId} is not null, first sends it what it missed since then (at its
     * own pace), or a {@code gap} event when the id is unknown to it; no update is missed or sent twice between that
     * replay and the live stream.
     *
     * @return the id the subscription is current with, for the {@code Last-Event-ID} response header: see
     *         {@link #lastEventIdFor}
     */
    String subscribe(Subscriber subscriber, String lastEventId);

    void unsubscribe(Subscriber subscriber);

    /**
     * The id of the newest update that a subscriber allowed private updates on {@code allowed} may see, or of the
     * newest public one, or {@code earliest}; never the id of a private update it may not see.
     */
    String lastEventIdFor(List<TopicSelector> allowed);

    int subscriberCount();

    void forEachSubscriber(Consumer<Subscriber> action);

    @Override
    void close();
}
