package dev.herald.transport;

import dev.herald.hub.Subscriber;
import dev.herald.hub.Update;
import java.util.function.Consumer;

/**
 * The seam between publishing and delivery. A transport puts updates in one order, keeps their history, and hands
 * each one to the local subscribers that want it; where the history lives (memory now, Redis Streams later) is its
 * business alone.
 */
public interface Transport extends AutoCloseable {

    /** Appends the update to the history and delivers it to the subscribers that want it. */
    void publish(Update update);

    /**
     * Registers the subscriber. When {@code lastEventId} is not null, first sends it what it missed since then, or a
     * notice that the id is unknown; no update is missed or sent twice between that replay and the live stream.
     */
    void subscribe(Subscriber subscriber, String lastEventId);

    void unsubscribe(Subscriber subscriber);

    /** The id of the newest update, or {@code earliest} when there is none. */
    String lastEventId();

    int subscriberCount();

    void forEachSubscriber(Consumer<Subscriber> action);

    @Override
    void close();
}
