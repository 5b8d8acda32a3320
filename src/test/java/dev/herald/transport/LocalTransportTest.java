package dev.herald.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import dev.herald.testing.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delivery rules: who gets which update, once, and replay without gaps. */
class LocalTransportTest {

    private final LocalTransport transport = new LocalTransport(10_000);

    @Test
    void anExactSubscriberGetsItsTopicOnly() {
        RecordingSink sink = subscribe(List.of("https://example.com/books/1"), List.of(), null);
        publish("1", false, "https://example.com/books/1");
        publish("2", false, "https://example.com/books/2");
        assertEquals(List.of("1"), sink.ids());
    }

    @Test
    void anUpdateMatchingSeveralSelectorsOrAlternatesArrivesOnce() {
        RecordingSink sink = subscribe(List.of("a", "b", "https://example.com/{id}", "*"), List.of(), null);
        publish("1", false, "a", "b", "https://example.com/x");
        assertEquals(List.of("1"), sink.ids());
    }

    @Test
    void alternateTopicsReachTheirSubscribers() {
        RecordingSink sink = subscribe(List.of("https://example.com/alt"), List.of(), null);
        publish("1", false, "https://example.com/canonical", "https://example.com/alt");
        assertEquals(List.of("1"), sink.ids());
    }

    @Test
    void templatesAndTheWildcardSeeEveryMatchingTopic() {
        RecordingSink books = subscribe(List.of("https://example.com/books/{id}"), List.of(), null);
        RecordingSink everything = subscribe(List.of("*"), List.of(), null);
        publish("1", false, "https://example.com/books/1");
        publish("2", false, "https://example.com/authors/1");
        assertEquals(List.of("1"), books.ids());
        assertEquals(List.of("1", "2"), everything.ids());
    }

    @Test
    void privateUpdatesGoOnlyToSubscribersAllowedOneOfTheirTopics() {
        RecordingSink anonymous = subscribe(List.of("*"), List.of(), null);
        RecordingSink allowed = subscribe(List.of("https://example.com/books/1"),
                List.of("https://example.com/books/{id}"), null);
        RecordingSink otherClaim = subscribe(List.of("https://example.com/books/1"),
                List.of("https://example.com/authors/{id}"), null);
        RecordingSink viaAlternate = subscribe(List.of("https://example.com/books/1"),
                List.of("https://example.com/alt"), null);
        publish("secret", true, "https://example.com/books/1", "https://example.com/alt");
        assertEquals(List.of(), anonymous.ids());
        assertEquals(List.of("secret"), allowed.ids());
        assertEquals(List.of(), otherClaim.ids());
        assertEquals(List.of("secret"), viaAlternate.ids());
    }

    @Test
    void aReconnectGetsTheMissedUpdatesItWantsThenLiveOnes() {
        publish("1", false, "a");
        publish("2", false, "b");
        publish("3", false, "a");
        RecordingSink sink = subscribe(List.of("a"), List.of(), "1");
        publish("4", false, "a");
        assertEquals(List.of("3", "4"), sink.ids());
        assertEquals("4", transport.lastEventId());
    }

    @Test
    void anUnknownIdIsAnsweredWithAGapEvent() {
        publish("1", false, "a");
        RecordingSink sink = subscribe(List.of("a"), List.of(), "no-such-id");
        assertTrue(sink.text().startsWith("event: gap\ndata: {\"lastEventId\":\"no-such-id\",\"reason\":\"unknown\"}"),
                sink.text());
        assertEquals(List.of(), sink.ids());
    }

    @Test
    void replayWhilePublishingLosesAndRepeatsNothing() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            publish(Integer.toString(i), false, "a");
        }
        Thread publisher = new Thread(() -> {
            for (int i = 50; i < 5_000; i++) {
                publish(Integer.toString(i), false, "a");
            }
        });
        publisher.start();
        List<RecordingSink> sinks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sinks.add(subscribe(List.of("a"), List.of(), "49"));
        }
        publisher.join();
        for (RecordingSink sink : sinks) {
            List<String> ids = sink.ids();
            assertEquals("50", ids.get(0));
            for (int i = 1; i < ids.size(); i++) {
                assertEquals(Integer.parseInt(ids.get(i - 1)) + 1, Integer.parseInt(ids.get(i)));
            }
            assertEquals("4999", ids.get(ids.size() - 1));
        }
    }

    @Test
    void unsubscribedSinksGetNothingMore() {
        RecordingSink sink = new RecordingSink();
        Subscriber subscriber = new Subscriber(List.of(TopicSelector.of("a")), List.of(), sink);
        transport.subscribe(subscriber, null);
        transport.unsubscribe(subscriber);
        publish("1", false, "a");
        assertEquals(List.of(), sink.ids());
        assertEquals(0, transport.subscriberCount());
    }

    private RecordingSink subscribe(List<String> topics, List<String> privateTopics, String lastEventId) {
        RecordingSink sink = new RecordingSink();
        transport.subscribe(new Subscriber(topics.stream().map(TopicSelector::of).toList(),
                privateTopics.stream().map(TopicSelector::of).toList(), sink), lastEventId);
        return sink;
    }

    private void publish(String id, boolean isPrivate, String... topics) {
        transport.publish(Update.of(id, List.of(topics), "data " + id, isPrivate, null, null));
    }
}
