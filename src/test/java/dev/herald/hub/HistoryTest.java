package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private final History history = new History(3);

    @Test
    void beforeTheFirstUpdateTheLastIdIsEarliest() {
        assertEquals("earliest", history.lastEventId());
        assertEquals(Optional.of(List.of()), history.after("earliest"));
    }

    @Test
    void replaysWhatCameAfterAnId() {
        publish("a", "b", "c");
        assertEquals(List.of("b", "c"), ids(history.after("a")));
        assertEquals(List.of(), ids(history.after("c")));
        assertEquals("c", history.lastEventId());
    }

    @Test
    void earliestReplaysEverythingKept() {
        publish("a", "b", "c", "d");
        assertEquals(List.of("b", "c", "d"), ids(history.after("earliest")));
    }

    @Test
    void idsThatFellOutOfTheHistoryAreUnknown() {
        publish("a", "b", "c", "d");
        assertEquals(Optional.empty(), history.after("a"));
        assertEquals(Optional.empty(), history.after("never-published"));
        assertEquals(List.of("c", "d"), ids(history.after("b")));
    }

    @Test
    void aReusedIdPointsAtItsNewestUpdate() {
        publish("a", "b", "a");
        assertEquals(List.of(), ids(history.after("a")));
        publish("c", "d");
        assertEquals(List.of("c", "d"), ids(history.after("a")), "the older 'a' left; the newer one stays");
    }

    private void publish(String... ids) {
        for (String id : ids) {
            history.add(Update.of(id, List.of("t"), id, false, null, null));
        }
    }

    private static List<String> ids(Optional<List<Update>> updates) {
        return updates.orElseThrow().stream().map(Update::id).toList();
    }
}
