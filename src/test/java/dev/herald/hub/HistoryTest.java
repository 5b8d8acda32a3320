package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private final History history = new History(3, Long.MAX_VALUE);

    @Test
    void beforeTheFirstUpdateNothingIsKept() {
        assertEquals(new History.Head(-1, 0, "earliest"), history.head(List.of()));
        assertEquals(List.of(), history.after(-1, 10));
    }

    @Test
    void replaysWhatCameAfterAPositionInBatches() {
        publish("a", "b", "c");
        assertEquals(List.of("b", "c"), ids(history.after(history.find("a").position(), 10)));
        assertEquals(List.of("b"), ids(history.after(history.find("a").position(), 1)));
        assertEquals(List.of(), ids(history.after(history.find("c").position(), 10)));
    }

    @Test
    void theOldestUpdatesLeaveWhenTheCountIsReached() {
        publish("a", "b", "c", "d");
        assertNull(history.find("a"));
        assertEquals(1, history.head(List.of()).oldest());
        assertEquals(List.of("b", "c", "d"), ids(history.after(-1, 10)), "positions before the oldest are skipped");
    }

    @Test
    void theOldestUpdatesLeaveWhenTheBytesAreReachedFramingIncluded() {
        Update lineFeeds = Update.of("u00", List.of("t"), "\n".repeat(10_000), false, null, null);
        assertTrue(lineFeeds.frame().length >= 70_000, "each line feed becomes a 'data: ' line");
        History bounded = new History(1_000, 3 * lineFeeds.footprint());
        for (int i = 0; i < 100; i++) {
            bounded.add(Update.of("u" + i, List.of("t"), "\n".repeat(10_000), false, null, null));
        }
        assertEquals(3, bounded.size());
        assertTrue(bounded.bytes() <= 3 * lineFeeds.footprint(), bounded.bytes() + " bytes kept");
        assertEquals(List.of("u97", "u98", "u99"), ids(bounded.after(-1, 10)));
    }

    @Test
    void anUpdateLargerThanTheWholeBoundIsStillKeptAlone() {
        History tiny = new History(10, 10);
        tiny.add(Update.of("a", List.of("t"), "data", false, null, null));
        tiny.add(Update.of("b", List.of("t"), "data", false, null, null));
        assertEquals(List.of("b"), ids(tiny.after(-1, 10)));
    }

    @Test
    void anIdStillKeptCannotBeReusedAndKeepsItsPlace() {
        publish("a", "b");
        assertThrows(DuplicateIdException.class, () -> publish("a"));
        publish("c");
        assertEquals(List.of("b", "c"), ids(history.after(history.find("a").position(), 10)));
        publish("d");
        publish("a"); // the first 'a' has left the history: the id is free again
        assertEquals(List.of("a"), ids(history.after(history.find("d").position(), 10)));
    }

    @Test
    void theCurrentIdNeverNamesAPrivateUpdateTheSubscriberMayNotSee() {
        history.add(Update.of("public", List.of("t"), null, false, null, null));
        history.add(Update.of("secret", List.of("s"), null, true, null, null));
        assertEquals("public", history.head(List.of()).lastEventId());
        assertEquals("secret", history.head(List.of(TopicSelector.of("s"))).lastEventId());
        publish("x", "y", "z");
        history.add(Update.of("secret2", List.of("s"), null, true, null, null));
        assertEquals("z", history.head(List.of()).lastEventId());
    }

    @Test
    void positionsGivenByTheTransportMayJumpAndWhatWasKeptBeforeTheJumpIsDropped() {
        history.add(10, Update.of("a", List.of("t"), null, false, null, null));
        history.add(11, Update.of("b", List.of("t"), null, false, null, null));
        assertEquals(List.of("a", "b"), ids(history.after(9, 10)));
        history.add(20, Update.of("c", List.of("t"), null, false, null, null));
        assertNull(history.find("a"), "11 to 19 never reached this history: nothing before them can be replayed");
        assertEquals(List.of("c"), ids(history.after(11, 10)));
        assertEquals(new History.Head(20, 20, "c"), history.head(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> history.add(20, Update.of("d", List.of("t"), null, false, null, null)));
    }

    private void publish(String... ids) {
        for (String id : ids) {
            history.add(Update.of(id, List.of("t"), id, false, null, null));
        }
    }

    private static List<String> ids(List<History.Entry> entries) {
        return entries.stream().map(entry -> entry.update().id()).toList();
    }
}
