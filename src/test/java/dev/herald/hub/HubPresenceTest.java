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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscription events: published through the hub when a subscription starts and ends, private, and bounded. */
class HubPresenceTest {

    private static final String EVERY_SUBSCRIPTION = "/.well-known/mercure/subscriptions{/topic}{/subscriber}";

    private final LocalTransport transport = new LocalTransport(1_000, 10_000_000, Thread::new);
    private Hub hub;

    @AfterEach
    void stop() {
        hub.stop();
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

    /** A client that connects and disconnects in a loop costs two events per selector a connection, no more. */
    @Test
    void eachConnectionCostsAtMostTwoEventsPerSelector() {
        hub = hub(true);
        for (int i = 0; i < 100; i++) {
            Subscriber subscriber = subscriber("a", "b", "c");
            hub.subscribe(subscriber, null);
            hub.unsubscribe(subscriber);
        }
        assertEquals(600, events());
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
        return new Hub(config, transport, new SimpleMeterRegistry());
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
