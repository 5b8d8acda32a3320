package dev.herald.transport;

/**
 * A transport as {@code /api/status} shows it.
 *
 * @param transport     {@code local}, or the Redis address without its password
 * @param lagEntries    how many entries of the log this node has not handed on yet
 * @param lagMillis     how long the oldest of those has been waiting, in milliseconds
 * @param connected     whether the log can be reached now
 */
public record TransportStatus(String transport, long lagEntries, long lagMillis, boolean connected) {
}
