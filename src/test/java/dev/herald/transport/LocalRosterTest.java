package dev.herald.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.hub.HubOverloadedException;
import dev.herald.hub.Presence;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract on a server alone, and that an event the history refuses leaves the roster as it was. */
class LocalRosterTest extends RosterContract {

    @Override
    Transport newTransport() {
        return new LocalTransport(1_000, Long.MAX_VALUE, Thread::new);
    }

    @Test
    void anEventTheHistoryRefusesIsNotRecorded() {
        // A dispatcher that never runs: the one update it takes stays waiting, and the next is refused.
        LocalTransport stuck = new LocalTransport(1, Long.MAX_VALUE, task -> new Thread(() -> { }));
        Roster stuckRoster = stuck.roster();
        Presence.Event first = events(subscriber("a")).get(0);
        stuckRoster.announce(first);
        Presence.Event second = events(subscriber("b")).get(0);
        assertThrows(HubOverloadedException.class, () -> stuckRoster.announce(second));
        assertEquals(Map.of(first.subscription(), first.description()), listed(stuckRoster, Presence.PATH + "/"));
    }
}
