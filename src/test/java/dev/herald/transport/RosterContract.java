package dev.herald.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.Presence;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import dev.herald.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Roster} must do, run against each (see the subclasses): record a subscription with the event that
 * announces it, publish each event once, and list what is active by the prefix of its id.
 */
abstract class RosterContract {

    static final Duration WAIT = Duration.ofSeconds(10);

    Transport transport;
    Roster roster;

    /** A fresh transport, with nothing on its roster. */
    abstract Transport newTransport();

    @BeforeEach
    void open() {
        transport = newTransport();
        roster = transport.roster();
        roster.maintain();
    }

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void whatIsListedIsWhatTheEventsSayAndEachEventIsPublishedOnce() throws InterruptedException {
        Subscriber alice = subscriber("https://example.com/books/{id}", "chat");
        Subscriber bob = subscriber("https://example.com/books/{id}2");
        for (Presence.Event started : events(alice, bob)) {
            assertTrue(roster.announce(started), started.subscription());
        }
        assertFalse(roster.announce(Presence.events(alice, true).get(0)), "announced already: nothing published");
        awaitEvents(3);

        assertEquals(3, listed(Presence.PATH + "/").size());
        Map<String, String> books = listed(Presence.PATH + "/" + Presence.encode("https://example.com/books/{id}")
                + "/");
        assertEquals(List.of(Presence.id("https://example.com/books/{id}", alice.id())), List.copyOf(books.keySet()),
                "another selector that starts alike is not mixed in");
        assertEquals(Presence.events(alice, true).get(0).description(), books.values().iterator().next());

        Presence.Event aliceLeftChat = Presence.events(alice, false).get(1);
        assertTrue(roster.announce(aliceLeftChat));
        assertFalse(roster.announce(Presence.events(alice, false).get(1)), "ended already: nothing published");
        awaitEvents(4);
        assertFalse(listed(Presence.PATH + "/").containsKey(aliceLeftChat.subscription()));
        assertNull(roster.description(aliceLeftChat.subscription()));
        Presence.Event aliceReads = Presence.events(alice, true).get(0);
        assertEquals(aliceReads.description(), roster.description(aliceReads.subscription()));
        assertEquals(2, listed(Presence.PATH + "/").size());
    }

    @Test
    void aListingStopsWhenTheVisitorSaysSo() {
        for (Presence.Event started : events(subscriber("a", "b", "c"))) {
            roster.announce(started);
        }
        int[] visited = {0};
        roster.forEach(Presence.PATH + "/", (id, description) -> ++visited[0] < 2);
        assertEquals(2, visited[0]);
    }

    static Subscriber subscriber(String... selectors) {
        return new Subscriber(List.of(selectors).stream().map(TopicSelector::of).toList(), List.of(), null,
                new RecordingSink());
    }

    /** The start events of every subscription of these subscribers. */
    static List<Presence.Event> events(Subscriber... subscribers) {
        return List.of(subscribers).stream().flatMap(subscriber -> Presence.events(subscriber, true).stream())
                .toList();
    }

    Map<String, String> listed(String prefix) {
        return listed(roster, prefix);
    }

    static Map<String, String> listed(Roster roster, String prefix) {
        Map<String, String> listed = new TreeMap<>();
        roster.forEach(prefix, (id, description) -> listed.put(id, description) == null);
        return listed;
    }

    /** Waits until the history holds this many updates, and that many only. */
    void awaitEvents(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (updates(transport).size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + updates(transport).size() + " of " + count);
            Thread.sleep(5);
        }
        assertEquals(count, updates(transport).size());
    }

    static List<Update> updates(Transport transport) {
        return transport.after(-1, 100_000).stream().map(entry -> entry.update()).toList();
    }
}
