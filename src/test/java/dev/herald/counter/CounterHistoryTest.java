package dev.herald.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterHistoryTest {

    private final CounterHistory history = new CounterHistory("e1", 5);

    @Test
    void countsStartAtOneAndRiseByOne() {
        assertEquals(0, history.latest());
        assertEquals(1, history.next(Instant.EPOCH).count());
        assertEquals(2, history.next(Instant.EPOCH).count());
        assertEquals(2, history.latest());
    }

    @Test
    void aFirstConnectionGetsNoReplay() {
        tick(3);
        assertEquals(Replay.NOTHING, history.after(null));
        assertEquals(Replay.NOTHING, history.after(" "));
    }

    @Test
    void replaysEveryCountAfterTheLastSeenOne() {
        tick(4);
        Replay replay = history.after("e1-1");
        assertNull(replay.gap());
        assertEquals(List.of(2L, 3L, 4L), counts(replay));
        assertEquals(List.of(), counts(history.after("e1-4")));
    }

    @Test
    void keepsOnlyTheNewestCounts() {
        tick(12);
        assertEquals(8, history.oldest());
        Replay justInside = history.after("e1-7");
        assertNull(justInside.gap());
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), counts(justInside));
    }

    @Test
    void anIdOlderThanTheHistoryIsSignalledAndWhatIsKeptIsReplayed() {
        tick(12);
        Replay replay = history.after("e1-3");
        assertEquals(new Gap(Gap.EXPIRED, "e1-3", 8, 12), replay.gap());
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), counts(replay));
    }

    @Test
    void anIdAheadOfTheCounterIsUnknown() {
        tick(2);
        Replay replay = history.after("e1-500");
        assertEquals(new Gap(Gap.UNKNOWN, "e1-500", 1, 2), replay.gap());
        assertEquals(List.of(), replay.missed());
    }

    @Test
    void anIdThatIsNotACountIsMalformed() {
        tick(2);
        for (String id : List.of("abc", "-1", "e1-1.5", "e1-99999999999999999999", "E1-1", "e1--1", "e1-", "urn:uuid:x")) {
            Replay replay = history.after(id);
            assertEquals(new Gap(Gap.MALFORMED, id, 1, 2), replay.gap(), id);
            assertEquals(List.of(), replay.missed(), id);
        }
    }

    @Test
    void idsNameTheEpochAndTheCount() {
        assertEquals("e1-1", history.id(history.next(Instant.EPOCH)));
    }

    @Test
    void anIdFromAnEarlierStartIsSignalledAndNothingReplayed() {
        tick(4);
        // Another epoch, or a bare count as ids were before epochs: the counter has started again since.
        for (String id : List.of("e0-2", "mfx3k2a1-2", "2", "9000")) {
            Replay replay = history.after(id);
            assertEquals(new Gap(Gap.RESTARTED, id, 1, 4), replay.gap(), id);
            assertEquals(List.of(), replay.missed(), id);
        }
    }

    @Test
    void anEpochMustBeShortLowerCaseLettersAndDigits() {
        for (String epoch : List.of("", "E1", "a-b", "12345678901234")) {
            assertThrows(IllegalArgumentException.class, () -> new CounterHistory(epoch, 5), epoch);
        }
    }

    @Test
    void beforeTheFirstTickIdZeroIsUpToDate() {
        assertEquals(Replay.NOTHING.missed(), history.after("e1-0").missed());
        assertNull(history.after("e1-0").gap());
    }

    @Test
    void aClustersCountsAreKeptOnceWithTheClustersEpoch() {
        tick(2);
        assertTrue(history.accept("c9-7", new Count(7, Instant.EPOCH)), "another epoch: the cluster's");
        assertEquals("c9-8", history.id(history.upcoming(Instant.EPOCH, 0)));
        assertFalse(history.accept("c9-7", new Count(7, Instant.EPOCH)), "the same count twice");
        assertTrue(history.accept("c9-8", new Count(8, Instant.EPOCH)));
        assertEquals(List.of(8L), history.after("c9-7").missed().stream().map(Count::count).toList());
        assertEquals(Gap.EXPIRED, history.after("c9-5").gap().reason(), "counts before the first one kept");
        assertFalse(history.accept("c9-3", new Count(4, Instant.EPOCH)), "an id that names another count");
        assertEquals(12, history.upcoming(Instant.EPOCH, 11).count(), "after the last count published here");
    }

    private void tick(int times) {
        for (int i = 0; i < times; i++) {
            history.next(Instant.EPOCH);
        }
    }

    private static List<Long> counts(Replay replay) {
        return replay.missed().stream().map(Count::count).toList();
    }
}
