package dev.herald.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@code capacity} updates in publication order, with an index from id to position, so that a reconnecting
 * subscriber can be sent everything after its {@code Last-Event-ID}. Not thread-safe: its transport guards it.
 */
public final class History {

    /** The {@code Last-Event-ID} that asks for every update still kept. */
    public static final String EARLIEST = "earliest";

    private final Update[] ring;
    private final Map<String, Long> positionById = new HashMap<>();
    private long next;

    public History(int capacity) {
        ring = new Update[capacity];
    }

    public void add(Update update) {
        int slot = slot(next);
        Update evicted = ring[slot];
        if (evicted != null) {
            positionById.remove(evicted.id(), next - ring.length);
        }
        ring[slot] = update;
        positionById.put(update.id(), next);
        next++;
    }

    /**
     * @return the updates after {@code lastEventId}, oldest first; empty when the id is not (or no longer) kept
     */
    public Optional<List<Update>> after(String lastEventId) {
        long oldest = Math.max(0, next - ring.length);
        long from;
        if (EARLIEST.equals(lastEventId)) {
            from = oldest;
        } else {
            Long position = positionById.get(lastEventId);
            if (position == null) {
                return Optional.empty();
            }
            from = position + 1;
        }
        List<Update> updates = new ArrayList<>((int) (next - from));
        for (long position = from; position < next; position++) {
            updates.add(ring[slot(position)]);
        }
        return Optional.of(updates);
    }

    /** The id of the newest update, or {@link #EARLIEST} before the first one. */
    public String lastEventId() {
        return next == 0 ? EARLIEST : ring[slot(next - 1)].id();
    }

    private int slot(long position) {
        return (int) (position % ring.length);
    }
}
