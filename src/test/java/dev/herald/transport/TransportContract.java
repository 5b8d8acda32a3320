package dev.herald.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.DuplicateIdException;
import dev.herald.hub.History;
import dev.herald.hub.HubMetrics;
import dev.herald.hub.Subscriber;
import dev.herald.hub.Subscriptions;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import dev.herald.testing.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every transport must do, run against each of them (see the subclasses): the same delivery rules (who gets which
 * update, once, and replay without gaps) through the hub's {@link Subscriptions}, and the log itself.
 */
abstract class TransportContract {

    static final Duration WAIT = Duration.ofSeconds(10);

    Transport transport;
    Subscriptions subscriptions;
    private int settles;

    /** A fresh, empty transport that keeps at most {@code historySize} updates and {@code historyMaxBytes}. */
    abstract Transport newTransport(int historySize, long historyMaxBytes);

    @BeforeEach
    void open() {
        transport = newTransport(10_000, 64L * 1024 * 1024);
        subscriptions = new Subscriptions(transport, new HubMetrics(new SimpleMeterRegistry()));
    }

    @AfterEach
    void close() {
        subscriptions.close();
        transport.close();
    }

    @Test
    void appendingGivesPositionsInOrderAndKeepsTheUpdates() {
        long first = transport.append(update("1", false, "a"));
        long second = transport.append(update("2", true, "b"));
        assertTrue(second > first, first + " then " + second);
        assertEquals(second, transport.find("2").position());
        assertEquals("2", transport.find("2").update().id());
        assertTrue(transport.find("2").update().isPrivate());
        assertEquals(List.of("b"), transport.find("2").update().topics());
        assertEquals(List.of("1", "2"), ids(transport.after(first - 1, 10)));
        assertEquals(List.of("2"), ids(transport.after(first, 10)));
        assertEquals(List.of("1"), ids(transport.after(first - 1, 1)));
        History.Head head = transport.head(List.of());
        assertEquals(second, head.newest());
        assertEquals(first, head.oldest());
        assertEquals("1", head.lastEventId(), "the private update is not named to who may not see it");
        assertEquals(null, transport.find("no-such-id"));
    }

    @Test
    void theFrameIsKeptByteForByte() {
        Update sent = Update.of("u-1", List.of("https://example.com/é"), "line 1\nline 2 — ü", false, "type", 5L);
        transport.append(sent);
        assertArrayEquals(sent.frame(), transport.find("u-1").update().frame());
    }

    @Test
    void theFollowerGetsEveryEntryOnceInOrder() throws InterruptedException {
        Transport followed = newTransport(10_000, Long.MAX_VALUE);
        try {
            HandedOn handedOn = new HandedOn(followed);
            List<Long> positions = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                positions.add(followed.append(update("f" + i, false, "a")));
            }
            handedOn.await(positions.get(positions.size() - 1));
            assertEquals(positions, handedOn.positions());
        } finally {
            followed.close();
        }
    }

    @Test
    void theHistoryIsBoundedByCountAndByBytes() throws InterruptedException {
        Transport small = newTransport(3, Long.MAX_VALUE);
        try {
            HandedOn handedOn = new HandedOn(small);
            for (int i = 0; i < 5; i++) {
                // One at a time: the local transport refuses more waiting for delivery than the history holds.
                handedOn.await(small.append(update("c" + i, false, "a")));
            }
            assertEquals(List.of("c2", "c3", "c4"), ids(small.after(-1, 100)));
            assertEquals(null, small.find("c1"));
        } finally {
            small.close();
        }
        long footprint = Update.of("b0", List.of("a"), "x".repeat(1_000), false, null, null).footprint();
        Transport bytes = newTransport(100, 2 * footprint);
        try {
            HandedOn handedOn = new HandedOn(bytes);
            for (int i = 0; i < 4; i++) {
                handedOn.await(bytes.append(Update.of("b" + i, List.of("a"), "x".repeat(1_000), false, null, null)));
            }
            assertEquals(List.of("b2", "b3"), ids(bytes.after(-1, 100)));
        } finally {
            bytes.close();
        }
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
    void anUnknownIdIsAnsweredWithAGapEvent() throws InterruptedException {
        publish("1", false, "a");
        settle();
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
        subscriptions.subscribe(subscriber, null);
        subscriptions.unsubscribe(subscriber);
        publish("1", false, "a");
        settle();
        assertEquals(List.of(), sink.ids());
        assertEquals(1, subscriptions.size(), "only settle()'s own subscriber");
    }

    @Test
    void aLongReplayGoesAtTheSubscribersPaceInBoundedSteps() throws InterruptedException {
        RecordingSink reader = earliestReaderOf500Updates();
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
    void aReaderThatLeavesEndsItsReplay() throws InterruptedException {
        RecordingSink reader = earliestReaderOf500Updates();
        reader.close();
        reader.drain();
        assertEquals(64, reader.received(), "nothing more was queued for a reader that left");
    }

    @Test
    void aPrivateIdIsUnknownToWhoMayNotSeeItAndNeverNamedToThem() throws InterruptedException {
        publish("public", false, "a");
        awaitKept(transport.append(update("secret", true, "a")));
        RecordingSink anonymous = new RecordingSink();
        String current = subscriptions.subscribe(new Subscriber(List.of(TopicSelector.of("a")), List.of(), null,
                anonymous), "secret");
        assertEquals("public", current, "the Last-Event-ID header never names a private update it may not see");
        assertTrue(anonymous.text().contains("\"reason\":\"unknown\""), anonymous.text());

        RecordingSink allowed = new RecordingSink();
        String allowedCurrent = subscriptions.subscribe(new Subscriber(List.of(TopicSelector.of("a")),
                List.of(TopicSelector.of("a")), null, allowed), "public");
        assertEquals("secret", allowedCurrent);
        assertEquals(List.of("secret"), allowed.ids());
        assertEquals("public", transport.head(List.of()).lastEventId());
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
                    subscriptions.subscribe(subscriber, i % 3 == 0 ? "earliest" : null);
                    if ((i + thread) % 2 == 0) {
                        sink.close();
                    }
                    subscriptions.unsubscribe(subscriber);
                }
            }));
        }
        churners.forEach(Thread::start);
        for (Thread churner : churners) {
            churner.join();
        }
        publisher.join();
        assertEquals(0, subscriptions.size());
        RecordingSink last = subscribe(List.of("topic-1"), List.of(), null);
        publish("after", false, "topic-1");
        last.awaitId("after", WAIT);
    }

    private RecordingSink subscribe(List<String> topics, List<String> privateTopics, String lastEventId) {
        RecordingSink sink = new RecordingSink();
        subscriptions.subscribe(new Subscriber(topics.stream().map(TopicSelector::of).toList(),
                privateTopics.stream().map(TopicSelector::of).toList(), null, sink), lastEventId);
        return sink;
    }

    /** Publishes 500 updates, then subscribes from {@code earliest} with a sink that holds what it is sent. */
    private RecordingSink earliestReaderOf500Updates() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            publish(Integer.toString(i), false, "a");
        }
        settle();
        RecordingSink reader = new RecordingSink(1_000);
        reader.hold();
        subscriptions.subscribe(new Subscriber(List.of(TopicSelector.of("a")), List.of(), null, reader), "earliest");
        return reader;
    }

    /** Waits until the transport keeps the update at {@code position} where subscribers are served from. */
    void awaitKept(long position) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (transport.head(List.of()).newest() < position) {
            assertTrue(System.nanoTime() < deadline, position + " was not handed on");
            Thread.sleep(1);
        }
    }

    /** Waits until the dispatcher has delivered everything published so far: it delivers in order. */
    private void settle() throws InterruptedException {
        String id = "settle-" + ++settles;
        RecordingSink sentinel = subscribe(List.of(id), List.of(), null);
        publish(id, false, id);
        sentinel.awaitId(id, WAIT);
    }

    void publish(String id, boolean isPrivate, String... topics) {
        transport.append(update(id, isPrivate, topics));
    }

    static Update update(String id, boolean isPrivate, String... topics) {
        return Update.of(id, List.of(topics), "data " + id, isPrivate, null, null);
    }

    /** Records the positions a transport hands on. */
    static class HandedOn implements Transport.Follower {

        private final List<Long> positions = new ArrayList<>();

        HandedOn(Transport transport) {
            transport.follow(this);
        }

        @Override
        public synchronized void onEntry(History.Entry entry) {
            positions.add(entry.position());
            notifyAll();
        }

        @Override
        public void onDiscontinuity() {
            throw new AssertionError("no discontinuity expected");
        }

        synchronized void await(long position) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (positions.isEmpty() || positions.get(positions.size() - 1) < position) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "position " + position + " was not handed on; only " + positions.size());
                wait(Math.max(1, left / 1_000_000));
            }
        }

        synchronized List<Long> positions() {
            return List.copyOf(positions);
        }
    }

    static List<String> ids(List<History.Entry> entries) {
        return entries.stream().map(entry -> entry.update().id()).toList();
    }
}
