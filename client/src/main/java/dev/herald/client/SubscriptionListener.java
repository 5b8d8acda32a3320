package dev.herald.client;

import java.time.Duration;

/**
 * What a subscription reports. Its methods run on the client's threads, one call at a time per subscription and in
 * order; they should return quickly (hand long work to an executor of your own): while one runs, the subscription
 * reads nothing. An exception thrown by one ends the subscription, reported to {@link #onClosed}.
 */
@FunctionalInterface
public interface SubscriptionListener {

    /** An event of the stream: an update of the hub, or an event of Herald's own such as {@code gap}. */
    void onEvent(ServerSentEvent event);

    /** The hub accepted the subscription (again, after a reconnect): events follow. */
    default void onOpen() {
    }

    /**
     * The connection was lost or refused for a reason that may pass (a dropped connection, a stream that ended, a 5xx,
     * 408 or 429, nothing heard for the idle timeout); the subscription reconnects after {@code delay}.
     */
    default void onRetrying(Duration delay, Throwable cause) {
    }

    /**
     * The subscription has ended for good: {@code cause} is {@code null} after {@link Subscription#close()}, a
     * {@link HubException} when the hub refused it (4xx other than 408 and 429, or an answer that is not an event
     * stream), or what went wrong otherwise (an event over the client's size limit, an exception of this listener).
     */
    default void onClosed(Throwable cause) {
    }
}
