package dev.herald.http;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A few long-lived threads that write for every connection: each connection belongs to one of them, and when it has
 * frames to write it joins its writer's ready queue, once per burst. A writer then drains it (all its queued frames in
 * one write) and moves on. No task is submitted per frame or per subscriber, and no thread waits for a slow socket.
 */
final class Writers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Writers.class.getName());

    private final Writer[] writers;
    private final AtomicInteger assigned = new AtomicInteger();

    Writers(ThreadFactory threads, int count) {
        writers = new Writer[count];
        for (int i = 0; i < count; i++) {
            writers[i] = new Writer();
            Thread thread = threads.newThread(writers[i]);
            thread.setName("herald-writer-" + i);
            writers[i].thread = thread;
            thread.start();
        }
    }

    /** The writer a new connection belongs to, round robin. */
    Writer assign() {
        return writers[Math.floorMod(assigned.getAndIncrement(), writers.length)];
    }

    @Override
    public void close() {
        for (Writer writer : writers) {
            writer.running = false;
            LockSupport.unpark(writer.thread);
        }
    }

    /** One writer thread and the connections waiting for it. */
    static final class Writer implements Runnable {
        private final Queue<StreamConnection> ready = new ConcurrentLinkedQueue<>();
        private volatile Thread thread;
        private volatile boolean running = true;

        void schedule(StreamConnection connection) {
            ready.add(connection);
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (running) {
                StreamConnection connection = ready.poll();
                if (connection == null) {
                    LockSupport.park(this);
                    continue;
                }
                try {
                    connection.drain();
                } catch (Throwable e) {
                    LOG.log(Level.WARNING, "Writing to a subscriber failed; closing it", e);
                    connection.close();
                }
            }
        }
    }
}
