package dev.herald.bench;

import java.io.IOException;
import java.net.URI;

/** A hub under test, as the load generator sees it: where to subscribe, how to publish, what it costs. */
interface Target extends AutoCloseable {

    String name();

    /** Starts the server and waits until it answers. */
    void start() throws IOException, InterruptedException;

    URI server();

    /** The request target a subscriber of {@code topic} asks for. */
    String subscribePath(String topic);

    /** Extra request headers for a subscriber that reconnects after {@code lastEventId}, each ending in CRLF. */
    String replayHeaders(String lastEventId);

    /** Publishes {@code payload} on {@code topic}; returns the update's id, or throws when the hub refused it. */
    String publish(String topic, String payload) throws IOException, InterruptedException;

    /** The server's resident memory, in bytes, summed over its processes. */
    long rssBytes() throws IOException;

    /** The server's live heap after a full collection, in bytes, or -1 when it has none (nginx). */
    long heapAfterGcBytes() throws IOException, InterruptedException;

    @Override
    void close() throws IOException, InterruptedException;
}
