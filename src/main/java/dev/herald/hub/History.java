package dev.herald.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest updates in publication order, bounded by count and by bytes (framing included: a payload of many line
 * feeds grows several times once every line becomes {@code data: …}), with an index from id to position so that a
 * reconnecting subscriber can be sent everything after its {@code Last-Event-ID}. Positions count every update ever
 * added, from 0. Not thread-safe: its transport guards it.
 */
public final class History {

    /** The {@code Last-Event-ID} that asks for every update still kept. */
    public static final String EARLIEST = "earliest";

    /** An update and its place in the order of publication. */
    public record Entry(long position, Update update) {
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
    public Entry add(Update update) {
        if (byId.containsKey(update.id())) {
            throw new DuplicateIdException(update.id());
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
    public Entry find(String id) {
        return byId.get(id);
    }

    /** The position of the newest update, or -1 before the first one. */
    public long newestPosition() {
        return next - 1;
    }

    /** The position of the oldest update still kept; {@link #newestPosition()} + 1 when none is kept. */
    public long oldestPosition() {
        return oldest;
    }

    /**
     * The kept entries after {@code position}, oldest first, at most {@code maxEntries} of them.
     *
     * @param position the last position already seen; entries older than the history are skipped
     */
    public List<Entry> after(long position, int maxEntries) {
        long from = Math.max(position + 1, oldest);
        int count = (int) Math.max(0, Math.min(maxEntries, next - from));
        List<Entry> entries = new ArrayList<>(count);
        for (long p = from; p < from + count; p++) {
            entries.add(ring[slot(p)]);
        }
        return entries;
    }

    /**
     * The id a subscriber allowed {@code allowed} private topics may resume from without missing anything it may see:
     * the newest update's id when it may see that update, else the newest public one's, else {@link #EARLIEST}. It
     * never names a private update the subscriber may not see.
     */
    public String newestIdVisibleTo(List<TopicSelector> allowed) {
        if (next > oldest && ring[slot(next - 1)].update().isVisibleTo(allowed)) {
            return ring[slot(next - 1)].update().id();
        }
        return newestPublic != null && newestPublic.position() >= oldest ? newestPublic.update().id() : EARLIEST;
    }

    /** The bytes the kept updates hold. */
    public long bytes() {
        return bytes;
    }

    /** How many updates are kept. */
    public int size() {
        return (int) (next - oldest);
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
