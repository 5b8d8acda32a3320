package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.RecordingSink;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names and JSON-LD of subscriptions, as Mercure's spec shows them. */
class PresenceTest {

    private static final String EVERY_SUBSCRIPTION = "/.well-known/mercure/subscriptions{/topic}{/subscriber}";

    @Test
    void aSubscriptionIsNamedByItsSelectorAndSubscriberPercentEncoded() {
        assertEquals("/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2F%7Bselector%7D/"
                        + "urn%3Auuid%3Abb3de268-05b0-4c65-b44e-8f9acefc29d6",
                Presence.id("https://example.com/{selector}", "urn:uuid:bb3de268-05b0-4c65-b44e-8f9acefc29d6"));
    }

    @Test
    void encodingKeepsOnlyUnreservedCharactersAndDecodingUndoesIt() {
        String text = "a b+c/é*~😀";
        String encoded = Presence.encode(text);
        assertEquals("a%20b%2Bc%2F%C3%A9%2A~%F0%9F%98%80", encoded);
        assertEquals(text, Presence.decode(encoded));
        assertEquals("a+b", Presence.decode("a+b"), "a plus is a plus in a path");
    }

    @Test
    void badPercentEncodingIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Presence.decode("%2"))
                .getMessage().contains("two hex digits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Presence.decode("%zz"))
                .getMessage().contains("two hex digits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Presence.decode("%C3"))
                .getMessage().contains("UTF-8"));
    }

    @Test
    void theSpecsTemplateForEverySubscriptionMatchesEveryId() {
        TopicSelector every = TopicSelector.of(EVERY_SUBSCRIPTION);
        assertTrue(every.matches(Presence.id("https://example.com/books/{id}", Update.newId())));
        assertTrue(every.matches(Presence.id("*", Update.newId())));
        assertTrue(every.matches(Presence.PATH));
        assertFalse(every.matches("https://example.com/books/1"));
    }

    @Test
    void eachSelectorHasOnePrivateEventWithTheSpecsFields() {
        Subscriber subscriber = new Subscriber(List.of(TopicSelector.of("https://example.com/books/{id}"),
                TopicSelector.of("chat")), List.of(), null,
                Json.createObjectBuilder().add("user", "alice").build(), new RecordingSink());
        List<Presence.Event> events = Presence.events(subscriber, true);
        assertEquals(2, events.size());
        Update first = events.get(0).update();
        assertTrue(first.isPrivate());
        String id = Presence.id("https://example.com/books/{id}", subscriber.id());
        assertEquals(List.of(id), first.topics());
        JsonObject json = data(first);
        assertEquals("https://mercure.rocks/", json.getString("@context"));
        assertEquals(id, json.getString("id"));
        assertEquals("Subscription", json.getString("type"));
        assertEquals("https://example.com/books/{id}", json.getString("topic"));
        assertEquals(subscriber.id(), json.getString("subscriber"));
        assertTrue(json.getBoolean("active"));
        assertEquals("alice", json.getJsonObject("payload").getString("user"));
        assertTrue(subscriber.id().matches("urn:uuid:[0-9a-f-]{36}"), subscriber.id());

        assertEquals(id, events.get(0).subscription());
        JsonObject recorded = Json.createReader(new StringReader(events.get(0).description())).readObject();
        assertEquals(json.getString("id"), recorded.getString("id"));
        assertEquals("alice", recorded.getJsonObject("payload").getString("user"));

        Presence.Event end = Presence.events(subscriber, false).get(1);
        assertNull(end.description(), "an end records no description");
        JsonObject ended = data(end.update());
        assertFalse(ended.getBoolean("active"));
        assertEquals("chat", ended.getString("topic"));
    }

    /** What a server publishes for a server that died: the end, from the description its start recorded. */
    @Test
    void anEndIsMadeFromTheRecordedDescription() {
        Subscriber subscriber = new Subscriber(List.of(TopicSelector.of("chat")), List.of(), null,
                Json.createObjectBuilder().add("user", "bob").build(), new RecordingSink());
        Presence.Event start = Presence.events(subscriber, true).get(0);
        Update end = Presence.ended(start.subscription(), start.description());
        assertEquals(List.of(start.subscription()), end.topics());
        assertTrue(end.isPrivate());
        JsonObject ended = data(end);
        JsonObject started = data(start.update());
        assertFalse(ended.getBoolean("active"));
        assertEquals(started.getString("@context"), ended.getString("@context"));
        assertEquals(started.getString("id"), ended.getString("id"));
        assertEquals("bob", ended.getJsonObject("payload").getString("user"));
        assertThrows(JsonException.class, () -> Presence.ended(start.subscription(), "not json"));
    }

    @Test
    void withoutAPayloadTheFieldIsLeftOut() {
        Subscriber subscriber = new Subscriber(List.of(TopicSelector.of("chat")), List.of(), null,
                new RecordingSink());
        assertFalse(data(Presence.events(subscriber, true).get(0).update()).containsKey("payload"));
    }

    @Test
    void theHubsNamespaceIsReserved() {
        assertTrue(Presence.isReserved(Presence.PATH));
        assertTrue(Presence.isReserved(Presence.PATH + "/x/y"));
        assertFalse(Presence.isReserved(Presence.PATH + "-not"));
        assertFalse(Presence.isReserved("https://example.com" + Presence.PATH));
    }

    /** The data line of an update's frame, parsed. */
    static JsonObject data(Update update) {
        String frame = new String(update.frame(), StandardCharsets.UTF_8);
        StringBuilder data = new StringBuilder();
        for (String line : frame.split("\n")) {
            if (line.startsWith("data: ")) {
                data.append(line.substring("data: ".length())).append('\n');
            }
        }
        return Json.createReader(new StringReader(data.toString())).readObject();
    }
}
