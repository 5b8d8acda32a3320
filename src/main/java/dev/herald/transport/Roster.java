package dev.herald.transport;

import dev.herald.hub.Presence;
import java.util.function.BiPredicate;

/**
 * The hub's active subscriptions (with {@code herald.subscriptions}), for the subscriptions API: recorded in the same
 * step as the subscription event that announces each start and end, so that the list and the events never disagree.
 * {@link LocalRoster} keeps them in this server's memory; {@link RedisRoster} in Redis for the whole cluster, where it
 * also ends the subscriptions of a node that died.
 */
public interface Roster {

    /**
     * Publishes the event and records its subscription as active or ended, in one step. Nothing is published when the
     * roster already says so: the event was sent before (a retry), or the subscription was ended by another node,
     * which took this one for dead.
     *
     * @return whether this call published the event (false: nothing to publish, or an earlier try that seemed to
     *         fail had published it)
     * @throws dev.herald.hub.HubOverloadedException  when updates are appended faster than they are handed on
     * @throws dev.herald.hub.HubUnavailableException when the roster cannot be reached in time
     */
    boolean announce(Presence.Event event);

    /**
     * The description of the active subscription with this id, or {@code null}.
     *
     * @throws dev.herald.hub.HubUnavailableException when the roster cannot be read now
     */
    String description(String subscription);

    /**
     * Visits the active subscriptions of the whole hub whose id starts with {@code prefix}, in no set order, with their
     * descriptions, until the visitor answers false.
     *
     * @throws dev.herald.hub.HubUnavailableException when the roster cannot be read now
     */
    void forEach(String prefix, BiPredicate<String, String> visitor);

    /**
     * Runs about once a second, on the thread that announces: keeps this server on the roster as alive, and ends the
     * subscriptions of servers that are not.
     *
     * @return true when this server had been taken for dead (cut off from Redis for longer than its lease) and some of
     *         its subscriptions may have been ended by another: they are to be announced again
     */
    boolean maintain();

    /** This server stops: its subscriptions are to be ended by the others, at once. */
    void leave();
}
