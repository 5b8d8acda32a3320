package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.config.HeraldConfig;
import dev.herald.testing.RecordingSink;
import dev.herald.testing.TestConfig;
import dev.herald.transport.LocalTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscription events: published through the hub when a subscription starts and ends, private, and bounded. */
class HubPresenceTest {

    private static final String EVERY_SUBSCRIPTION = "/.well-known/mercure/subscriptions{/topic}{/subscriber}";

    private final LocalTransport transport = new LocalTransport(1_000, 10_000_000, Thread::new);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private Hub hub;

    @AfterEach
    void stop() {
        hub.stop();
        executor.shutdownNow();
        transport.close();
    }

    @Test
    void aWatcherSeesASubscriptionStartAndEnd() throws InterruptedException {
        hub = hub(true);
        RecordingSink watcher = watch(List.of(TopicSelector.of(EVERY_SUBSCRIPTION)));
        Subscriber alice = subscriber("https://example.com/books/{id}");
        hub.subscribe(alice, null);
        String id = Presence.id("https://example.com/books/{id}", alice.id());
        await(() -> watcher.text().contains("\"id\":\"" + id + "\",\"type\":\"Subscription\",\"topic\":"
                + "\"https://example.com/books/{id}\",\"subscriber\":\"" + alice.id() + "\",\"active\":true}"));

        hub.unsubscribe(alice);
        await(() -> watcher.text().contains("\"subscriber\":\"" + alice.id() + "\",\"active\":false}"));
        hub.unsubscribe(alice);
        long aliceEvents = transport.after(-1, 1_000).stream()
                .filter(entry -> entry.update().topics().get(0).equals(id)).count();
        assertEquals(2, aliceEvents, "one start and one end, however often the end is reported");
    }

    @Test
    void withoutTheRightToSeeThemAWatcherGetsNoEvents() throws InterruptedException {
        hub = hub(true);
        RecordingSink stranger = watch(List.of(TopicSelector.of("https://example.com/books/{id}")));
        RecordingSink allowed = watch(List.of(TopicSelector.of(EVERY_SUBSCRIPTION)));
        hub.subscribe(subscriber("https://example.com/books/{id}"), null);
        await(() -> allowed.text().contains("\"topic\":\"https://example.com/books/{id}\""));
        assertFalse(stranger.text().contains("Subscription"), stranger.text());
    }

    @Test
    void offByDefaultNothingIsPublished() {
        hub = hub(false);
        Subscriber subscriber = subscriber("a");
        hub.subscribe(subscriber, null);
        hub.unsubscribe(subscriber);
        assertEquals(0, events());
    }

    /**
     * A client that connects and disconnects in a loop costs two events per selector a connection at most, and none
     * for a connection that was gone before its start was announced.
     */
    @Test
    void eachConnectionCostsAtMostTwoEventsPerSelector() throws InterruptedException {
        hub = hub(true);
        for (int i = 0; i < 100; i++) {
            Subscriber subscriber = subscriber("a", "b", "c");
            hub.subscribe(subscriber, null);
            hub.unsubscribe(subscriber);
        }
        Subscriber last = subscriber("last");
        hub.subscribe(last, null);
        // Announced in order: once the last start is recorded and published, all before it are.
        await(() -> listed().containsKey(Presence.id("last", last.id())));
        await(() -> events() % 6 == 1);
        assertEquals(1, listed().size(), listed().toString());
        assertTrue(events() <= 601, events() + " events");
        long starts = transport.after(-1, 10_000).stream()
                .filter(entry -> new String(entry.update().frame()).contains("\"active\":true")).count();
        assertEquals(events() - 1, 2 * (starts - 1), "every start announced is ended");
    }

    @Test
    void theRosterListsWhatIsActive() throws InterruptedException {
        hub = hub(true);
        Subscriber alice = subscriber("a", "b");
        hub.subscribe(alice, null);
        await(() -> listed().size() == 2);
        assertTrue(listed().containsKey(Presence.id("b", alice.id())), listed().toString());
        hub.unsubscribe(alice);
        await(() -> listed().isEmpty());
    }

    /** Herald's own feeds (the cluster's counter) are nobody's subscriptions. */
    @Test
    void aFeedIsNeitherAnnouncedNorListed() throws InterruptedException {
        hub = hub(true);
        Subscriber feed = subscriber("urn:herald:counter");
        hub.feed(feed, null);
        Subscriber last = subscriber("last");
        hub.subscribe(last, null);
        await(() -> listed().containsKey(Presence.id("last", last.id())));
        hub.unsubscribe(feed);
        hub.unsubscribe(last);
        await(() -> events() == 2);
        assertEquals(List.of(Presence.id("last", last.id())), transport.after(-1, 10).stream()
                .map(entry -> entry.update().topics().get(0)).distinct().toList());
    }

    @Test
    void noPublisherMayPublishUnderTheHubsNamespace() {
        hub = hub(true);
        Update forged = Update.of(null, List.of("a", Presence.PATH + "/a/urn%3Auuid%3Ax"), "{}", true, null, null);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> hub.publish(forged));
        assertTrue(refused.getMessage().contains("reserved"), refused.getMessage());
        assertEquals(0, events());
    }

    private Hub hub(boolean subscriptions) {
        HeraldConfig config = TestConfig.of(HeraldConfig.SUBSCRIPTIONS, Boolean.toString(subscriptions));
        Hub started = new Hub(config, transport, new SimpleMeterRegistry());
        started.start(executor, Thread::new);
        return started;
    }

    private Map<String, String> listed() {
        Map<String, String> listed = new TreeMap<>();
        hub.forEachSubscription(Presence.PATH + "/", (id, description) -> listed.put(id, description) == null);
        return listed;
    }

    private RecordingSink watch(List<TopicSelector> allowed) {
        RecordingSink sink = new RecordingSink();
        hub.subscribe(new Subscriber(List.of(TopicSelector.of(EVERY_SUBSCRIPTION)), allowed, null, sink), null);
        return sink;
    }

    private static Subscriber subscriber(String... selectors) {
        return new Subscriber(List.of(selectors).stream().map(TopicSelector::of).toList(), List.of(), null,
                new RecordingSink());
    }

    /** How many updates the history holds. */
    private int events() {
        return transport.after(-1, 10_000).size();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s");
            Thread.sleep(5);
        }
    }
}
