package dev.herald.counter;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One counter client, as the {@link jakarta.ws.rs.sse.SseBroadcaster} sees it: a sink whose {@link #send} only queues
 * the event and returns at once, so that neither the tick nor other clients ever wait for this client's socket. The
 * container's own sink is written to on an executor, one event at a time, each after the previous one's
 * {@link CompletionStage} completed.
 *
 * <p>The client is dropped, and the container's sink closed, when more than {@code queueSize} live events wait for it,
 * when one event has been in the container's hands for longer than the write deadline ({@link #stalledNanos()}, checked
 * by {@link CounterStream#closeStalled()}), or at the first send that fails because the client went away. That last
 * case is normal for an event stream and is logged at {@code FINE}, once.
 *
 * <p>Before the live events it sends the counts the client missed ({@code replay}); those are made into events one by
 * one as they are written and do not count against {@code queueSize}.
 */
final class CounterSink implements SseEventSink {

    private static final Logger LOG = Logger.getLogger(CounterSink.class.getName());

    private final SseEventSink target;
    private final Executor executor;
    private final int queueSize;
    private final Consumer<CounterSink> onClose;
    private final Deque<OutboundSseEvent> first = new ArrayDeque<>();
    private final List<Count> replay;
    private final Function<Count, OutboundSseEvent> events;
    private final Deque<OutboundSseEvent> live = new ArrayDeque<>();
    private int replayed;
    private boolean writing;
    private boolean closed;
    // When the event now in the container's hands was handed over; 0 when none is, or the stream is not open yet.
    private volatile long sendingSince;
    // Whether the container has finished a first write: the response's headers and the opening comment.
    private volatile boolean open;

    /**
     * @param opening events sent first (the opening comment, a gap)
     * @param replay  the counts the client missed, oldest first, sent after {@code opening}
     * @param events  makes a count's event
     */
    CounterSink(SseEventSink target, Executor executor, int queueSize, List<OutboundSseEvent> opening,
                List<Count> replay, Function<Count, OutboundSseEvent> events, Consumer<CounterSink> onClose) {
        this.target = target;
        this.executor = executor;
        this.queueSize = queueSize;
        this.first.addAll(opening);
        this.replay = replay;
        this.events = events;
        this.onClose = onClose;
    }

    /**
     * Queues a live event. Throws, as a container's sink does, once this sink is closed, so that the broadcaster
     * forgets it.
     */
    @Override
    public CompletionStage<?> send(OutboundSseEvent event) {
        boolean idle;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The counter client has gone");
            }
            if (live.size() < queueSize) {
                live.add(event);
                idle = !writing;
                writing = true;
            } else {
                idle = false;
                event = null;
            }
        }
        if (event == null) {
            close("more than " + queueSize + " events waited for it (herald.queue.size)");
            throw new IllegalStateException("The counter client fell too far behind");
        }
        if (idle) {
            run(this::drain);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Starts writing what is queued; called once the sink is set up. */
    void start() {
        synchronized (this) {
            if (writing || closed) {
                return;
            }
            writing = true;
        }
        run(this::drain);
    }

    /** How long, in nanoseconds, the container has held the current event without finishing it; 0 if none. */
    long stalledNanos() {
        long since = sendingSince;
        return since == 0 ? 0 : Math.max(1, System.nanoTime() - since);
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        close(null);
    }

    /** @param why why the server ends the stream, or {@code null} when the server is closing it normally */
    void close(String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            first.clear();
            live.clear();
            replayed = replay.size();
        }
        sendingSince = 0;
        if (why != null) {
            LOG.fine(() -> "Counter client dropped: " + why);
        }
        onClose.accept(this);
        // The container's close may flush, and so wait on a socket that takes nothing: never on the caller's thread.
        run(this::closeTarget);
    }

    private void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // The executor takes no more work (the application is stopping): the client is dropped, and its stream
            // closed here, since no other thread will.
            synchronized (this) {
                closed = true;
                writing = false;
                first.clear();
                live.clear();
            }
            sendingSince = 0;
            onClose.accept(this);
            closeTarget();
        }
    }

    /** Hands events to the container until none is left, or one is still in its hands: its completion goes on. */
    private void drain() {
        while (true) {
            OutboundSseEvent event = next();
            if (event == null) {
                return;
            }
            CompletableFuture<?> sent;
            // The deadline counts from when a write starts, and only once the stream is open: the container commits
            // the response in its own time (RESTEasy on Undertow only after the request thread has returned, which
            // takes seconds when a thousand clients connect at once); a client cannot stall that first write.
            sendingSince = open ? System.nanoTime() : 0;
            try {
                sent = target.send(event).toCompletableFuture();
            } catch (RuntimeException e) {
                departed(e);
                return;
            }
            if (!sent.isDone()) {
                // The stage may complete on a container I/O thread: the next write goes back to the executor.
                sent.whenComplete((result, error) -> {
                    if (written(result, error)) {
                        run(this::drain);
                    }
                });
                return;
            }
            boolean failed = sent.isCompletedExceptionally();
            if (!written(failed ? null : sent.getNow(null), failed ? failure(sent) : null)) {
                return;
            }
        }
    }

    /** The next event to write, or {@code null} (and no longer writing) when there is none or the sink is closed. */
    private synchronized OutboundSseEvent next() {
        if (!closed) {
            if (!first.isEmpty()) {
                return first.poll();
            }
            if (replayed < replay.size()) {
                return events.apply(replay.get(replayed++));
            }
            if (!live.isEmpty()) {
                return live.poll();
            }
        }
        writing = false;
        return null;
    }

    /** @return true when the event reached the container and the client is still there */
    private boolean written(Object result, Throwable error) {
        sendingSince = 0;
        // Jersey completes the stage normally, with the exception as its value, and closes its sink.
        if (error != null || result instanceof Throwable || target.isClosed()) {
            departed(error != null ? error : result instanceof Throwable t ? t : null);
            return false;
        }
        open = true;
        return true;
    }

    private void departed(Throwable error) {
        synchronized (this) {
            writing = false;
        }
        close("the client went away" + (error == null ? "" : " (" + error + ")"));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private void closeTarget() {
        try {
            target.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINEST, "Closing a counter stream failed", e);
        }
    }
}
