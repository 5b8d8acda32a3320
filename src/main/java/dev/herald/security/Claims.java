package dev.herald.security;

import dev.herald.hub.TopicSelector;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * What a verified token allows, from its {@code mercure} claim.
 *
 * @param publish   selectors of the topics its holder may publish to
 * @param subscribe selectors of the topics whose private updates its holder may receive
 * @param expiresAt the token's {@code exp}, or {@code null} when it does not expire; never after {@link #LATEST}, so
 *                  that the time until it can be computed in milliseconds
 * @param payload   the token's {@code mercure.payload}, which subscription events carry, or {@code null}
 */
public record Claims(List<TopicSelector> publish, List<TopicSelector> subscribe, Instant expiresAt,
                     JsonValue payload) {

    /** The latest time a token's claims are read as: a later {@code exp} (up to 1e30 and beyond) means this one. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** The earliest time a token's claims are read as: an earlier {@code exp} or {@code nbf} means this one. */
    public static final Instant EARLIEST = Instant.EPOCH;

    /** What an anonymous subscriber holds: no private updates, no end. */
    public static final Claims ANONYMOUS = new Claims(List.of(), List.of(), null);

    public Claims {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
        if (expiresAt != null && expiresAt.isAfter(LATEST)) {
            expiresAt = LATEST;
        }
    }

    /** Claims without a {@code mercure.payload}. */
    public Claims(List<TopicSelector> publish, List<TopicSelector> subscribe, Instant expiresAt) {
        this(publish, subscribe, expiresAt, null);
    }

    /** True when every topic matches at least one of the publish selectors. */
    public boolean mayPublishTo(List<String> topics) {
        for (String topic : topics) {
            if (publish.stream().noneMatch(selector -> selector.matches(topic))) {
                return false;
            }
        }
        return true;
    }
}
