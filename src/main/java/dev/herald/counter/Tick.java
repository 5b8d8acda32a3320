package dev.herald.counter;

/**
 * A count with its event id ({@code <epoch>-<count>}), as the node that ticks for a cluster publishes it on the hub's
 * counter topic, for every node to send on to its own counter clients.
 */
public record Tick(String id, Count count) {
}
