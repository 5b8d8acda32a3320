package dev.herald.security;

import dev.herald.hub.TopicSelector;
import java.time.Instant;
import java.util.List;

/**
 * What a verified token allows, from its {@code mercure} claim.
 *
 * @param publish   selectors of the topics its holder may publish to
 * @param subscribe selectors of the topics whose private updates its holder may receive
 * @param expiresAt the token's {@code exp}, or {@code null} when it does not expire
 */
public record Claims(List<TopicSelector> publish, List<TopicSelector> subscribe, Instant expiresAt) {

    /** What an anonymous subscriber holds: no private updates, no end. */
    public static final Claims ANONYMOUS = new Claims(List.of(), List.of(), null);

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
