package dev.herald.hub;

/** Where a subscriber's events go: in practice an open HTTP response. Implementations never block the caller. */
public interface EventSink {

    /**
     * Queues {@code frame} for writing.
     *
     * @return false when the sink is closed, or had to close because the subscriber fell too far behind
     */
    boolean send(byte[] frame);

    /** How many frames wait in the sink now. */
    int queued();

    /** How many frames may wait in the sink before it closes as too slow. */
    int capacity();

    /**
     * Runs {@code next} once everything queued so far has been written, so that a long replay goes at the
     * subscriber's own pace. It never runs if the sink closes first.
     */
    void whenDrained(Runnable next);

    /** How long, in nanoseconds, the sink's socket has refused to take more bytes; 0 when it is keeping up. */
    long stalledNanos();

    /** How long, in nanoseconds, since the sink last wrote to its socket (or opened); 0 for a sink without one. */
    long silentNanos();

    boolean isClosed();

    /** Ends the stream. Safe to call more than once, from any thread. */
    void close();

    /**
     * Ends the stream once what is queued has been written, with {@code lastFrame} last; frames sent after this are
     * refused. The owner closes the sink anyway if that takes too long.
     */
    default void end(byte[] lastFrame) {
        send(lastFrame);
        close();
    }
}
