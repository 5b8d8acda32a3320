package dev.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.IntPredicate;

/** A hub under test, as the load generator sees it: where to subscribe, how to publish, what it costs. */
interface Target extends AutoCloseable {

    String name();

    /** Starts the server and waits until it answers. */
    void start() throws IOException, InterruptedException;

    URI server();

    /**
     * Where subscribers may connect: the server alone, or each node of a cluster (the first is {@link #server()}, where
     * the publisher posts).
     */
    default List<URI> nodes() {
        return List.of(server());
    }

    /** The request target a subscriber of {@code topic} asks for. */
    String subscribePath(String topic);

    /** Extra request headers for a subscriber that reconnects after {@code lastEventId}, each ending in CRLF. */
    String replayHeaders(String lastEventId);

    /** Publishes {@code payload} on {@code topic}; returns the update's id, or throws when the hub refused it. */
    String publish(String topic, String payload) throws IOException, InterruptedException;

    /** How many subscribers the server holds now, by its own count. */
    int subscriberCount() throws IOException, InterruptedException;

    /** Waits until the server's own subscriber count satisfies {@code done}; false if not within {@code seconds}. */
    default boolean awaitSubscribers(IntPredicate done, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.test(subscriberCount())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /**
     * The server's process (the JVM, or nginx's master, whose workers are its children), for what /proc and the JDK's
     * tools tell of it; {@code null} for a cluster of several.
     */
    ProcessHandle process();

    /** The processor time the server's processes used so far, or {@link CpuTime#UNKNOWN}. */
    CpuTime cpuTime() throws IOException;

    /** The server's resident memory, in bytes, summed over its processes. */
    long rssBytes() throws IOException;

    /** The server's live heap after a full collection, in bytes, or -1 when it has none (nginx). */
    long heapAfterGcBytes() throws IOException, InterruptedException;

    @Override
    void close() throws IOException, InterruptedException;
}
