package dev.herald.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import dev.herald.testing.RecordingSink;
import dev.herald.hub.DuplicateIdException;
import dev.herald.hub.HubOverloadedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery rules: who gets which update, once, and replay without gaps. */
class LocalTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final LocalTransport transport = new LocalTransport(10_000, 64L * 1024 * 1024, Thread::new);
    private int settles;

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void anExactSubscriberGetsItsTopicOnly() throws InterruptedException {
        RecordingSink sink = subscribe(List.of("https://example.com/books/1"), List.of(), null);
        publish("1", false, "https://example.com/books/1");
        publish("2", false, "https://example.com/books/2");
        settle();
        assertEquals(List.of("1"), sink.ids());
    }

    @Test
    void anUpdateMatchingSeveralSelectorsOrAlternatesArrivesOnce() throws InterruptedException {
        RecordingSink sink = subscribe(List.of("a", "b", "https://example.com/{id}", "*"), List.of(), null);
        publish("1", false, "a", "b", "https://example.com/x");
        settle();
        assertEquals(List.of("1"), sink.ids().stream().filter(id -> !id.startsWith("settle")).toList());
    }

    @Test
    void alternateTopicsReachTheirSubscribers() throws InterruptedException {
        RecordingSink sink = subscribe(List.of("https://example.com/alt"), List.of(), null);
        publish("1", false, "https://example.com/canonical", "https://example.com/alt");
        settle();
        assertEquals(List.of("1"), sink.ids());
    }

    @Test
    void templatesAndTheWildcardSeeEveryMatchingTopic() throws InterruptedException {
        RecordingSink books = subscribe(List.of("https://example.com/books/{id}"), List.of(), null);
        RecordingSink everything = subscribe(List.of("*"), List.of(), null);
        publish("1", false, "https://example.com/books/1");
        publish("2", false, "https://example.com/authors/1");
        settle();
        assertEquals(List.of("1"), books.ids());
        assertEquals(List.of("1", "2"), everything.ids().subList(0, 2));
    }

    @Test
    void privateUpdatesGoOnlyToSubscribersAllowedOneOfTheirTopics() throws InterruptedException {
        RecordingSink anonymous = subscribe(List.of("*"), List.of(), null);
        RecordingSink allowed = subscribe(List.of("https://example.com/books/1"),
                List.of("https://example.com/books/{id}"), null);
        RecordingSink otherClaim = subscribe(List.of("https://example.com/books/1"),
                List.of("https://example.com/authors/{id}"), null);
        RecordingSink viaAlternate = subscribe(List.of("https://example.com/books/1"),
                List.of("https://example.com/alt"), null);
        publish("secret", true, "https://example.com/books/1", "https://example.com/alt");
        settle();
        assertEquals(List.of(), anonymous.ids().stream().filter(id -> !id.startsWith("settle")).toList());
        assertEquals(List.of("secret"), allowed.ids());
        assertEquals(List.of(), otherClaim.ids());
        assertEquals(List.of("secret"), viaAlternate.ids());
    }

    @Test
    void aReconnectGetsTheMissedUpdatesItWantsThenLiveOnes() throws InterruptedException {
        publish("1", false, "a");
        publish("2", false, "b");
        publish("3", false, "a");
        RecordingSink sink = subscribe(List.of("a"), List.of(), "1");
        publish("4", false, "a");
        sink.awaitId("4", WAIT);
        assertEquals(List.of("3", "4"), sink.ids());
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
            sink.awaitId("4999", WAIT);
            List<String> ids = sink.ids();
            assertEquals("50", ids.get(0));
            for (int i = 1; i < ids.size(); i++) {
                assertEquals(Integer.parseInt(ids.get(i - 1)) + 1, Integer.parseInt(ids.get(i)));
            }
            assertEquals("4999", ids.get(ids.size() - 1));
        }
    }

    @Test
    void unsubscribedSinksGetNothingMore() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        Subscriber subscriber = new Subscriber(List.of(TopicSelector.of("a")), List.of(), null, sink);
        transport.subscribe(subscriber, null);
        transport.unsubscribe(subscriber);
        publish("1", false, "a");
        settle();
        assertEquals(List.of(), sink.ids());
        assertEquals(1, transport.subscriberCount(), "only settle()'s own subscriber");
    }

    @Test
    void aLongReplayGoesAtTheSubscribersPaceInBoundedSteps() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            publish(Integer.toString(i), false, "a");
        }
        RecordingSink reader = new RecordingSink(1_000);
        reader.hold();
        transport.subscribe(new Subscriber(List.of(TopicSelector.of("a")), List.of(), null, reader), "earliest");
        assertEquals(64, reader.size(), "one step is queued, then the replay waits for the reader");
        List<String> seen = new ArrayList<>();
        while (reader.size() > 0) {
            assertTrue(reader.size() <= 64, reader.size() + " frames queued in one step");
            seen.addAll(reader.ids());
            reader.drain();
        }
        publish("live", false, "a");
        reader.awaitId("live", WAIT);
        assertEquals(500, seen.size());
        for (int i = 0; i < 500; i++) {
            assertEquals(Integer.toString(i), seen.get(i));
        }
        assertEquals(List.of("live"), reader.ids());
    }

    @Test
    void aReaderThatLeavesEndsItsReplay() {
        for (int i = 0; i < 500; i++) {
            publish(Integer.toString(i), false, "a");
        }
        RecordingSink reader = new RecordingSink(1_000);
        reader.hold();
        transport.subscribe(new Subscriber(List.of(TopicSelector.of("a")), List.of(), null, reader), "earliest");
        reader.close();
        reader.drain();
        assertEquals(64, reader.received(), "nothing more was queued for a reader that left");
    }

    @Test
    void aPrivateIdIsUnknownToWhoMayNotSeeItAndNeverNamedToThem() throws InterruptedException {
        publish("public", false, "a");
        publish("secret", true, "a");
        RecordingSink anonymous = new RecordingSink();
        String current = transport.subscribe(new Subscriber(List.of(TopicSelector.of("a")), List.of(), null,
                anonymous), "secret");
        assertEquals("public", current, "the Last-Event-ID header never names a private update it may not see");
        assertTrue(anonymous.text().contains("\"reason\":\"unknown\""), anonymous.text());

        RecordingSink allowed = new RecordingSink();
        String allowedCurrent = transport.subscribe(new Subscriber(List.of(TopicSelector.of("a")),
                List.of(TopicSelector.of("a")), null, allowed), "public");
        assertEquals("secret", allowedCurrent);
        assertEquals(List.of("secret"), allowed.ids());
        assertEquals("public", transport.lastEventIdFor(List.of()));
    }

    @Test
    void aReusedIdIsRefusedAndReplayStaysInPlace() throws InterruptedException {
        publish("1", false, "a");
        publish("2", false, "a");
        assertThrows(DuplicateIdException.class, () -> publish("1", false, "b"));
        RecordingSink sink = subscribe(List.of("a"), List.of(), "1");
        sink.awaitId("2", WAIT);
        assertEquals(List.of("2"), sink.ids());
    }

    @Test
    void subscribersComingAndGoingWhilePublishingLeaveNothingBehind() throws InterruptedException {
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 3_000; i++) {
                publish("p" + i, false, "topic-" + (i % 5));
            }
        });
        publisher.start();
        List<Thread> churners = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            churners.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    RecordingSink sink = new RecordingSink();
                    Subscriber subscriber = new Subscriber(List.of(TopicSelector.of("topic-" + (i % 5)),
                            TopicSelector.of("https://example.com/{x}")), List.of(), null, sink);
                    transport.subscribe(subscriber, i % 3 == 0 ? "earliest" : null);
                    if ((i + thread) % 2 == 0) {
                        sink.close();
                    }
                    transport.unsubscribe(subscriber);
                }
            }));
        }
        churners.forEach(Thread::start);
        for (Thread churner : churners) {
            churner.join();
        }
        publisher.join();
        assertEquals(0, transport.subscriberCount());
        RecordingSink last = subscribe(List.of("topic-1"), List.of(), null);
        publish("after", false, "topic-1");
        last.awaitId("after", WAIT);
    }

    @Test
    void aPublisherFasterThanDeliveryIsRefusedInsteadOfGrowingTheHeap() {
        // A dispatcher that never runs: every update stays waiting for delivery.
        LocalTransport stuck = new LocalTransport(10, Long.MAX_VALUE, task -> new Thread(() -> { }));
        for (int i = 0; i < 10; i++) {
            stuck.publish(Update.of("u" + i, List.of("t"), null, false, null, null));
        }
        HubOverloadedException refused = assertThrows(HubOverloadedException.class,
                () -> stuck.publish(Update.of("u10", List.of("t"), null, false, null, null)));
        assertTrue(refused.getMessage().contains("herald.history.size"), refused.getMessage());

        long footprint = Update.of("b0", List.of("t"), "x".repeat(1_000), false, null, null).footprint();
        LocalTransport stuckOnBytes = new LocalTransport(1_000, 2 * footprint, task -> new Thread(() -> { }));
        stuckOnBytes.publish(Update.of("b1", List.of("t"), "x".repeat(1_000), false, null, null));
        stuckOnBytes.publish(Update.of("b2", List.of("t"), "x".repeat(1_000), false, null, null));
        assertThrows(HubOverloadedException.class,
                () -> stuckOnBytes.publish(Update.of("b3", List.of("t"), "x".repeat(1_000), false, null, null)));
    }

    private RecordingSink subscribe(List<String> topics, List<String> privateTopics, String lastEventId) {
        RecordingSink sink = new RecordingSink();
        transport.subscribe(new Subscriber(topics.stream().map(TopicSelector::of).toList(),
                privateTopics.stream().map(TopicSelector::of).toList(), null, sink), lastEventId);
        return sink;
    }

    /** Waits until the dispatcher has delivered everything published so far: it delivers in order. */
    private void settle() throws InterruptedException {
        String id = "settle-" + ++settles;
        RecordingSink sentinel = subscribe(List.of(id), List.of(), null);
        publish(id, false, id);
        sentinel.awaitId(id, WAIT);
    }

    private void publish(String id, boolean isPrivate, String... topics) {
        transport.publish(Update.of(id, List.of(topics), "data " + id, isPrivate, null, null));
    }
}
