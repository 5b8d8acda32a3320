package dev.herald.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest updates in publication order, bounded by count and by bytes (framing included: a payload of many line
 * feeds grows several times once every line becomes {@code data: …}), with an index from id to position so that a
 * reconnecting subscriber can be sent everything after its {@code Last-Event-ID}. Positions count every update ever
 * added, from 0, unless the transport that feeds it numbers them itself (a Redis stream does). Thread-safe: every
 * method holds this object's lock for a short, bounded step.
 */
public final class History {

    /** The {@code Last-Event-ID} that asks for every update still kept. */
    public static final String EARLIEST = "earliest";

    /** An update and its place in the order of publication. */
    public record Entry(long position, Update update) {
    }

    /**
     * Where the history ends, as one consistent snapshot.
     *
     * @param newest      the position of the newest update, or one less than {@code oldest} when none is kept
     * @param oldest      the position of the oldest update kept
     * @param lastEventId the id a subscriber may resume from: see {@link #head(List)}
     */
    public record Head(long newest, long oldest, String lastEventId) {
    }

    private final Entry[] ring;
    private final long maxBytes;
    private final Map<String, Entry> byId = new HashMap<>();
    private long oldest;
    private long next;
    private long bytes;
    private Entry newestPublic;

    /**
     * @param capacity how many updates to keep at most
     * @param maxBytes how many bytes they may hold at most; the newest update is kept even when it alone is larger
     */
    public History(int capacity, long maxBytes) {
        ring = new Entry[capacity];
        this.maxBytes = maxBytes;
    }

    /**
     * @return the update's entry, with its position
     * @throws DuplicateIdException when an update with the same id is still kept: moving that id would send its
     *                              subscribers' reconnections to the wrong place
     */
    public synchronized Entry add(Update update) {
        return add(next, update);
    }

    /**
     * Adds an update that its transport has already put in order. A position past the next one means the updates in
     * between are gone for good (trimmed before this history saw them): what is kept is dropped, so that
     * {@link #after} never skips over them in silence.
     *
     * @throws IllegalArgumentException when {@code position} is not after the newest one
     * @throws DuplicateIdException     when an update with the same id is still kept
     */
    public synchronized Entry add(long position, Update update) {
        if (position < next) {
            throw new IllegalArgumentException("position " + position + " is not after the newest, " + (next - 1));
        }
        if (byId.containsKey(update.id())) {
            throw new DuplicateIdException(update.id());
        }
        if (position > next) {
            clear();
            oldest = position;
            next = position;
        }
        Entry entry = new Entry(next, update);
        bytes += update.footprint();
        while (next - oldest >= ring.length || (bytes > maxBytes && oldest < next)) {
            evictOldest();
        }
        ring[slot(next)] = entry;
        byId.put(update.id(), entry);
        if (!update.isPrivate()) {
            newestPublic = entry;
        }
        next++;
        return entry;
    }

    /** The kept entry of the update with this id, or {@code null}. */
    public synchronized Entry find(String id) {
        return byId.get(id);
    }

    /**
     * The kept entries after {@code position}, oldest first, at most {@code maxEntries} of them.
     *
     * @param position the last position already seen; entries older than the history are skipped
     */
    public synchronized List<Entry> after(long position, int maxEntries) {
        long from = Math.max(position + 1, oldest);
        int count = (int) Math.max(0, Math.min(maxEntries, next - from));
        List<Entry> entries = new ArrayList<>(count);
        for (long p = from; p < from + count; p++) {
            entries.add(ring[slot(p)]);
        }
        return entries;
    }

    /**
     * Where the history ends, with the id a subscriber allowed {@code allowed} private topics may resume from without
     * missing anything it may see: the newest update's id when it may see that update, else the newest public one's,
     * else {@link #EARLIEST}. It never names a private update the subscriber may not see.
     */
    public synchronized Head head(List<TopicSelector> allowed) {
        return new Head(next - 1, oldest, newestIdVisibleTo(allowed));
    }

    private String newestIdVisibleTo(List<TopicSelector> allowed) {
        if (next > oldest && ring[slot(next - 1)].update().isVisibleTo(allowed)) {
            return ring[slot(next - 1)].update().id();
        }
        return newestPublic != null && newestPublic.position() >= oldest ? newestPublic.update().id() : EARLIEST;
    }

    /** The bytes the kept updates hold. */
    public synchronized long bytes() {
        return bytes;
    }

    /** How many updates are kept. */
    public synchronized int size() {
        return (int) (next - oldest);
    }

    /** Forgets every update; positions go on from where they were. */
    public synchronized void clear() {
        while (oldest < next) {
            evictOldest();
        }
        newestPublic = null;
    }

    private void evictOldest() {
        int slot = slot(oldest);
        Entry evicted = ring[slot];
        ring[slot] = null;
        byId.remove(evicted.update().id());
        bytes -= evicted.update().footprint();
        oldest++;
    }

    private int slot(long position) {
        return (int) (position % ring.length);
    }
}
