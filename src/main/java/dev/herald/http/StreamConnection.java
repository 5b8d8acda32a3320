package dev.herald.http;

import dev.herald.hub.EventSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's open response, written with non-blocking servlet I/O. Frames wait in a bounded queue and are
 * written in batches (several frames, one write, one flush) by a pooled thread; when the socket will not take more,
 * the connection waits for the container's {@code onWritePossible} instead of holding a thread. A subscriber whose
 * queue overflows is disconnected, so a slow reader costs only itself.
 *
 * <p>At most one thread writes at a time: {@code draining} is held by whoever writes, or by the pending
 * {@code onWritePossible} while {@code awaitingWritable} is set.
 */
final class StreamConnection implements EventSink, WriteListener, AsyncListener {

    private static final int BATCH_BYTES = 64 * 1024;

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Executor writers;
    private final int capacity;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    // Both start set: the container's first onWritePossible, after setWriteListener, starts the writing.
    private final AtomicBoolean draining = new AtomicBoolean(true);
    private final AtomicBoolean awaitingWritable = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long stalledSince;
    private volatile Runnable onClose = () -> { };

    StreamConnection(AsyncContext async, Executor writers, int capacity) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.writers = writers;
        this.capacity = capacity;
    }

    /** Starts writing; frames sent before this wait in the queue. */
    void start(Runnable onClose) {
        this.onClose = onClose;
        async.addListener(this);
        out.setWriteListener(this);
    }

    @Override
    public boolean send(byte[] frame) {
        if (closed.get()) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            close();
            return false;
        }
        queue.add(frame);
        if (draining.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                close(); // the server is shutting down, or out of threads: the client will reconnect
                return false;
            }
        }
        return true;
    }

    @Override
    public long stalledNanos() {
        long since = stalledSince;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    @Override
    public void onWritePossible() {
        if (awaitingWritable.compareAndSet(true, false)) {
            stalledSince = 0;
            drain();
        }
    }

    private void drain() {
        try {
            while (!closed.get()) {
                byte[] batch = nextBatch();
                if (batch == null) {
                    draining.set(false);
                    // A frame queued after nextBatch() found none, but before draining was released, is ours.
                    if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                out.write(batch);
                awaitingWritable.set(true);
                if (!out.isReady()) {
                    stalledSince = System.nanoTime();
                    return;
                }
                out.flush();
                if (!out.isReady()) {
                    stalledSince = System.nanoTime();
                    return;
                }
                awaitingWritable.set(false);
            }
        } catch (IOException | IllegalStateException e) {
            close();
        }
    }

    /** Takes queued frames up to {@link #BATCH_BYTES} as one array, or {@code null} when the queue is empty. */
    private byte[] nextBatch() {
        byte[] first = queue.poll();
        if (first == null) {
            return null;
        }
        queued.decrementAndGet();
        byte[] next = queue.peek();
        if (next == null || first.length + next.length > BATCH_BYTES) {
            return first;
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH_BYTES);
        batch.writeBytes(first);
        while (next != null && batch.size() + next.length <= BATCH_BYTES) {
            batch.writeBytes(queue.poll());
            queued.decrementAndGet();
            next = queue.peek();
        }
        return batch.toByteArray();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // The container already completed the request (the client went away first).
        }
        onClose.run();
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
