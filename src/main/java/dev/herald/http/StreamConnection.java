package dev.herald.http;

import dev.herald.hub.EventSink;
import dev.herald.hub.HubMetrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One subscriber's open response, written with non-blocking servlet I/O. Frames wait in a bounded queue and are
 * written in batches (several frames, one write, one flush) by one of the {@link Writers}; when the socket will not
 * take more, the connection waits for the container's {@code onWritePossible} instead of holding a thread. A
 * subscriber whose queue overflows is disconnected, so a slow reader costs only itself.
 *
 * <p>Exactly one thread may touch the output stream at a time, and the container may signal writability while a
 * writer is still running, so who writes is decided by one atomic state: {@link #IDLE} (nobody), {@link #DRAINING}
 * (a writer is running), {@link #WAITING} (the socket is full: the container's next {@code onWritePossible} writes)
 * and {@link #SIGNALLED} (a writer is running and the container said the socket took more meanwhile).
 */
final class StreamConnection implements EventSink, WriteListener, AsyncListener {

    private static final int BATCH_BYTES = 64 * 1024;
    private static final int IDLE = 0;
    private static final int DRAINING = 1;
    private static final int WAITING = 2;
    private static final int SIGNALLED = 3;

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Writers.Writer writer;
    private final int capacity;
    private final HubMetrics metrics;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    // Until the container's first onWritePossible, which follows setWriteListener, frames only queue up.
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    // Set by end(): no frame is taken any more, and the stream closes as soon as the queue is written.
    private volatile boolean ending;
    private volatile long stalledSince;
    private volatile long lastWritten = System.nanoTime();
    private int batchEvents; // in the batch nextBatch() took last; only the DRAINING owner touches it
    // null until start(), CLOSED once close() has run: whichever of the two comes second runs the subscriber's clean-up.
    private final AtomicReference<Runnable> onClose = new AtomicReference<>();
    private final AtomicReference<Runnable> whenDrained = new AtomicReference<>();
    private static final Runnable CLOSED = () -> { };

    StreamConnection(AsyncContext async, Writers.Writer writer, int capacity, HubMetrics metrics)
            throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.writer = writer;
        this.capacity = capacity;
        this.metrics = metrics;
    }

    /**
     * Starts writing; frames sent before this wait in the queue.
     *
     * @param onClose what to do when the connection ends; run at once when it has already ended
     */
    void start(Runnable onClose) {
        if (!this.onClose.compareAndSet(null, onClose)) {
            onClose.run();
            return;
        }
        async.addListener(this);
        out.setWriteListener(this);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int queued() {
        return Math.min(queued.get(), capacity);
    }

    @Override
    public long silentNanos() {
        return System.nanoTime() - lastWritten;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void whenDrained(Runnable next) {
        whenDrained.set(next);
        if (state.compareAndSet(IDLE, DRAINING)) {
            writer.schedule(this);
        }
    }

    @Override
    public boolean send(byte[] frame) {
        if (closed.get() || ending) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            if (end()) {
                metrics.overflowed();
            }
            return false;
        }
        queue.add(frame);
        if (state.compareAndSet(IDLE, DRAINING)) {
            writer.schedule(this);
        }
        return true;
    }

    @Override
    public void end(byte[] lastFrame) {
        if (closed.get() || ending) {
            return;
        }
        // Past the capacity check: the last frame goes out even to a subscriber whose queue is full.
        queued.incrementAndGet();
        queue.add(lastFrame);
        ending = true;
        if (state.compareAndSet(IDLE, DRAINING)) {
            writer.schedule(this);
        }
    }

    @Override
    public long stalledNanos() {
        long since = stalledSince;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    @Override
    public void onWritePossible() {
        while (true) {
            int current = state.get();
            if (current == WAITING || current == IDLE) {
                if (state.compareAndSet(current, DRAINING)) {
                    stalledSince = 0;
                    drain();
                    return;
                }
            } else if (current == DRAINING) {
                if (state.compareAndSet(DRAINING, SIGNALLED)) {
                    return; // the running writer will see it
                }
            } else {
                return;
            }
        }
    }

    /** Writes queued frames until the queue is empty or the socket is full; only the owner of DRAINING runs this. */
    void drain() {
        try {
            while (!closed.get()) {
                if (!out.isReady()) {
                    if (state.compareAndSet(DRAINING, WAITING)) {
                        stalledSince = System.nanoTime();
                        if (closed.get()) {
                            break;
                        }
                        return;
                    }
                    state.set(DRAINING); // SIGNALLED: the socket took more since isReady() answered
                    continue;
                }
                byte[] batch = nextBatch();
                if (batch == null && ending) {
                    close(); // everything queued, the last frame included, is written: a replay does not go on
                    break;
                }
                if (batch == null) {
                    Runnable next = whenDrained.getAndSet(null);
                    if (next != null) {
                        next.run(); // it may queue more, which this loop then writes
                        continue;
                    }
                    state.set(IDLE);
                    // A frame or callback that arrived after the checks above, but before IDLE was set, is still ours.
                    if ((queue.isEmpty() && whenDrained.get() == null) || !state.compareAndSet(IDLE, DRAINING)) {
                        return;
                    }
                    continue;
                }
                out.write(batch);
                lastWritten = System.nanoTime();
                metrics.wrote(batchEvents, batch.length);
                if (out.isReady()) {
                    out.flush();
                }
            }
        } catch (IOException | IllegalStateException e) {
            close();
        }
        complete();
    }

    /** Takes queued frames up to {@link #BATCH_BYTES} as one array, or {@code null} when the queue is empty. */
    private byte[] nextBatch() {
        byte[] first = queue.poll();
        if (first == null) {
            return null;
        }
        queued.decrementAndGet();
        batchEvents = events(first);
        byte[] next = queue.peek();
        if (next == null || first.length + next.length > BATCH_BYTES) {
            return first; // the common case when keeping up: the shared frame itself, no copy
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(first.length + next.length);
        batch.writeBytes(first);
        while (next != null && batch.size() + next.length <= BATCH_BYTES) {
            byte[] frame = queue.poll();
            batch.writeBytes(frame);
            batchEvents += events(frame);
            queued.decrementAndGet();
            next = queue.peek();
        }
        return batch.toByteArray();
    }

    /** 1 for an event, 0 for a comment (the opening {@code :}, heartbeats), which starts with a colon. */
    private static int events(byte[] frame) {
        return frame.length > 0 && frame[0] != ':' ? 1 : 0;
    }

    @Override
    public void close() {
        end();
    }

    /** Closes the connection; false when it was closed already. */
    private boolean end() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        queue.clear();
        whenDrained.set(null);
        Runnable cleanUp = onClose.getAndSet(CLOSED);
        if (cleanUp != null) {
            cleanUp.run();
        }
        // A running writer completes the response itself; otherwise nobody is touching it and it is ours to end.
        int current = state.get();
        if (current == IDLE || current == WAITING) {
            complete();
        }
        return true;
    }

    private void complete() {
        if (completed.compareAndSet(false, true)) {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // The container already completed the request (the client went away first).
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not re-dispatched: nothing to do.
    }
}
