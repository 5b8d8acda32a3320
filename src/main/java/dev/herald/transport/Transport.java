package dev.herald.transport;

import dev.herald.hub.History;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import java.util.List;

/**
 * Where updates live: a log that puts them in one order, keeps the newest of them for subscribers that reconnect, and
 * hands every one on, in that order, to whoever follows it. {@link LocalTransport} keeps it in this server's memory;
 * {@link RedisTransport} in a Redis stream shared by every node of a cluster. Which one runs is decided in one place,
 * {@link TransportProducer}; delivery to subscribers is the hub's business, not the transport's.
 *
 * <p>An update is in {@link #after}'s answers before it is handed to the follower: the hub relies on that to hand a
 * subscriber over from its replay to live updates without a gap.
 */
public interface Transport extends AutoCloseable {

    /**
     * Appends the update; returns once the transport holds it (for Redis: once Redis has accepted it).
     *
     * @return its position in the log
     * @throws dev.herald.hub.DuplicateIdException    when an update with the same id is still kept
     * @throws dev.herald.hub.HubOverloadedException  when updates are appended faster than they are handed on
     * @throws dev.herald.hub.HubUnavailableException when the log cannot be reached in time
     */
    long append(Update update);

    /** The kept entry of the update with this id, or {@code null}. */
    History.Entry find(String id);

    /** The kept entries after {@code position}, oldest first, at most {@code maxEntries}. */
    List<History.Entry> after(long position, int maxEntries);

    /** Where the log ends, and the id a subscriber allowed private updates on {@code allowed} may resume from. */
    History.Head head(List<TopicSelector> allowed);

    /** Starts handing every entry appended from now on to {@code follower}, in order, on the transport's own thread. */
    void follow(Follower follower);

    /** The lease called {@code name}, shared by every node on this transport. */
    Lease lease(String name);

    /** The hub's active subscriptions, recorded with their subscription events. */
    Roster roster();

    /** What the transport is and how far behind its log this node is, for {@code /api/status}. */
    TransportStatus status();

    @Override
    void close();

    /** Who receives the log's entries as they come. */
    interface Follower {

        void onEntry(History.Entry entry);

        /**
         * The log lost continuity with what was handed on before (updates were dropped before this node saw them, or a
         * Redis failover lost some): what subscribers were sent cannot be relied on to line up with the log any more.
         */
        void onDiscontinuity();
    }
}
