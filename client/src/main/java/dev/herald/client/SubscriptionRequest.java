package dev.herald.client;

import java.util.List;
import java.util.function.Supplier;

/**
 * What to subscribe to: topic selectors (exact topics, URI templates, or {@code *}), a subscriber token if the hub
 * needs one or private updates are wanted, and where to start.
 *
 * <pre>{@code
 * client.subscribe(SubscriptionRequest.to("https://example.com/books/{id}").bearer(token), listener);
 * }</pre>
 *
 * @param topics      the selectors; at least one
 * @param token       called at every (re)connection for the token sent as {@code Authorization: Bearer}, so that a
 *                    token that expires can be replaced; {@code null} or returning {@code null}: no token
 * @param lastEventId the id after which the hub should start ({@code earliest}: everything it kept), or {@code null}
 *                    for live updates only
 */
public record SubscriptionRequest(List<String> topics, Supplier<String> token, String lastEventId) {

    public SubscriptionRequest {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs at least one topic selector");
        }
    }

    public static SubscriptionRequest to(String... topics) {
        return new SubscriptionRequest(List.of(topics), null, null);
    }

    public SubscriptionRequest bearer(String newToken) {
        return bearer(() -> newToken);
    }

    public SubscriptionRequest bearer(Supplier<String> newToken) {
        return new SubscriptionRequest(topics, newToken, lastEventId);
    }

    /** Start after the update with this id: the hub first replays what came after it. */
    public SubscriptionRequest after(String newLastEventId) {
        return new SubscriptionRequest(topics, token, newLastEventId);
    }
}
