package dev.herald.counter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counter and its last {@code capacity} counts, kept in a ring so that a reconnecting client can be sent exactly
 * what it missed. Counts are consecutive from 1, so a count's place in the ring follows from its value. Not thread-safe:
 * {@link CounterStream} guards it.
 *
 * <p>The counter starts again at 1 whenever the application starts, so an event's id is {@code <epoch>-<count>}, where
 * the epoch names this start: an id from an earlier start (or a bare count, as ids were before epochs) is told apart
 * from a count of this one. In a cluster the counts come from whichever node ticks ({@link #accept}), and the epoch is
 * the cluster's: the one of the first node that ticked, kept by every node that takes over.
 */
final class CounterHistory {

    private static final Pattern ID = Pattern.compile("(?:([0-9a-z]{1,13})-)?(\\d{1,18})");

    private String epoch;
    private final Count[] ring;
    private long latest;
    /** The first count kept since the history (re)started: 1, unless a cluster's counts arrived from the middle. */
    private long first = 1;

    /** @param epoch names this start of the application: lower-case letters and digits, at most 13 */
    CounterHistory(String epoch, int capacity) {
        if (!epoch.matches("[0-9a-z]{1,13}")) {
            throw new IllegalArgumentException("not an epoch: " + epoch);
        }
        this.epoch = epoch;
        ring = new Count[capacity];
    }

    /** The id of a count's event: {@code <epoch>-<count>}. */
    String id(Count count) {
        return epoch + "-" + count.count();
    }

    /** Advances the counter by one and keeps the new count. */
    Count next(Instant now) {
        Count count = upcoming(now, latest);
        keep(count);
        return count;
    }

    /** The count after the latest one, or after {@code atLeast} if that is later; nothing is kept. */
    Count upcoming(Instant now, long atLeast) {
        return new Count(Math.max(latest, atLeast) + 1, now);
    }

    /**
     * Keeps a count that a counter event with this id carried (in a cluster, every node's counts arrive this way).
     * A count from another epoch, or one that skips counts, starts the history again from it.
     *
     * @return true when the count is new here; false for one already kept (or older), or an id that names no count
     */
    boolean accept(String id, Count count) {
        Matcher parsed = ID.matcher(id);
        if (!parsed.matches() || parsed.group(1) == null || Long.parseLong(parsed.group(2)) != count.count()) {
            return false;
        }
        if (parsed.group(1).equals(epoch) && count.count() <= latest) {
            return false;
        }
        if (!parsed.group(1).equals(epoch) || count.count() != latest + 1) {
            epoch = parsed.group(1);
            Arrays.fill(ring, null);
            first = count.count();
        }
        keep(count);
        return true;
    }

    private void keep(Count count) {
        ring[slot(count.count())] = count;
        latest = count.count();
    }

    long latest() {
        return latest;
    }

    long oldest() {
        return latest == 0 ? 0 : Math.max(first, latest - ring.length + 1);
    }

    /**
     * @param lastEventId the {@code Last-Event-ID} a client sent, or {@code null} for a first connection
     * @return the kept counts after it, with a {@link Gap} when the id cannot be honoured in full
     */
    Replay after(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Replay.NOTHING;
        }
        Matcher id = ID.matcher(lastEventId.trim());
        if (!id.matches()) {
            return new Replay(gap(Gap.MALFORMED, lastEventId), List.of());
        }
        if (!epoch.equals(id.group(1))) {
            return new Replay(gap(Gap.RESTARTED, lastEventId), List.of());
        }
        long seen = Long.parseLong(id.group(2));
        if (seen > latest) {
            return new Replay(gap(Gap.UNKNOWN, lastEventId), List.of());
        }
        long from = Math.max(seen + 1, oldest());
        Gap gap = from > seen + 1 ? gap(Gap.EXPIRED, lastEventId) : null;
        List<Count> missed = new ArrayList<>((int) (latest - from + 1));
        for (long count = from; count <= latest; count++) {
            missed.add(ring[slot(count)]);
        }
        return new Replay(gap, missed);
    }

    private Gap gap(String reason, String lastEventId) {
        return new Gap(reason, lastEventId, oldest(), latest);
    }

    private int slot(long count) {
        return (int) (count % ring.length);
    }
}
