package dev.herald.testing;

import dev.herald.hub.EventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory sink for unit tests of delivery: keeps every frame it is sent, in order, and counts as drained at
 * once unless it is told to hold, like a reader that stopped reading.
 */
public final class RecordingSink implements EventSink {

    private static final Pattern ID = Pattern.compile("^id: (.*)$", Pattern.MULTILINE);

    private final List<byte[]> frames = new ArrayList<>();
    private final int capacity;
    private boolean closed;
    private int received;
    private boolean holding;
    private Runnable whenDrained;
    private volatile long silentNanos;

    public RecordingSink() {
        this(Integer.MAX_VALUE);
    }

    /** @param capacity how many frames it takes while holding before it closes, as a too slow subscriber */
    public RecordingSink(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean send(byte[] frame) {
        if (closed) {
            return false;
        }
        frames.add(frame);
        received++;
        if (holding && frames.size() > capacity) {
            closed = true;
            return false;
        }
        notifyAll();
        return true;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void whenDrained(Runnable next) {
        synchronized (this) {
            if (holding) {
                whenDrained = next;
                return;
            }
        }
        next.run();
    }

    /** Stops "reading": frames stay queued and {@link #whenDrained} callbacks wait for {@link #release()}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Reads everything queued, and runs a waiting {@link #whenDrained} callback; it goes on holding. */
    public void drain() {
        Runnable next;
        synchronized (this) {
            frames.clear();
            next = whenDrained;
            whenDrained = null;
        }
        if (next != null) {
            next.run();
        }
    }

    @Override
    public synchronized int queued() {
        return holding ? frames.size() : 0;
    }

    @Override
    public long stalledNanos() {
        return 0;
    }

    /** As long as a test says, with {@link #silentFor}; 0 until then. */
    @Override
    public long silentNanos() {
        return silentNanos;
    }

    public void silentFor(Duration silence) {
        silentNanos = silence.toNanos();
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        whenDrained = null;
    }

    public synchronized boolean closed() {
        return closed;
    }

    /** How many frames it has taken in all. */
    public synchronized int received() {
        return received;
    }

    /** How many frames it holds. */
    public synchronized int size() {
        return frames.size();
    }

    /** Everything received, as one text. */
    public synchronized String text() {
        StringBuilder text = new StringBuilder();
        frames.forEach(frame -> text.append(new String(frame, StandardCharsets.UTF_8)));
        return text.toString();
    }

    /** The ids of the events received, in order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        Matcher matcher = ID.matcher(text());
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    /** Waits until it holds an event with this id. */
    public synchronized void awaitId(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!text().contains("id: " + id + "\n")) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no event with id " + id + " within " + timeout + "; got " + ids());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
