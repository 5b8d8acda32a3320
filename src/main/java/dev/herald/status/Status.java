package dev.herald.status;

/**
 * The answer of {@code GET /api/status}. It names no update ids: anyone may read it, and the newest update may be a
 * private one.
 *
 * @param count              the counter's latest count (0 before the first tick)
 * @param counterSubscribers how many counter streams ({@code /api/counter}) are open
 * @param hubSubscribers     how many hub subscriptions ({@code /.well-known/mercure}) are open
 * @param transport          {@code local}, or the cluster's Redis address (without its password)
 * @param followLagEntries   how many updates in the cluster's stream this node has not handed on yet
 * @param followLagMillis    how long the oldest of those has waited, in milliseconds
 * @param transportConnected whether the transport can be reached now (always true for {@code local})
 * @param counterLease       whether this node is the one that ticks the counter
 * @param deliveries         how many events this node has written to hub subscribers since it started (the page's
 *                           chart draws its rate)
 */
public record Status(long count, int counterSubscribers, int hubSubscribers, String transport, long followLagEntries,
                     long followLagMillis, boolean transportConnected, boolean counterLease, long deliveries) {
}
