package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.client.HeraldClient;
import dev.herald.client.HubException;
import dev.herald.client.Publication;
import dev.herald.client.Subscription;
import dev.herald.client.SubscriptionRequest;
import dev.herald.client.TokenSigner;
import dev.herald.testing.DroppingProxy;
import dev.herald.testing.RecordingListener;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java client (client/) against the real hub: publish with a token it signs, subscribe with its own subscription,
 * reconnect through a proxy that drops the connection without missing or repeating an update, and refusals that end in
 * a clear exception instead of a retry loop.
 */
class JavaClientIT extends HeraldIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final TokenSigner KEY_SIGNER = TokenSigner.hs256(KEY);

    private final String run = UUID.randomUUID().toString();

    @Test
    void anUpdateTheClientPublishesReachesTheClientsSubscriptionWithEveryField() throws Exception {
        String topic = "https://herald.test/" + run + "/books/1";
        RecordingListener heard = new RecordingListener();
        try (HeraldClient client = HeraldClient.builder(hub()).publisherKey(KEY_SIGNER).build()) {
            Subscription subscription = client.subscribe(
                    SubscriptionRequest.to("https://herald.test/" + run + "/books/{id}"), heard);
            assertEquals("open", heard.next(WAIT));

            String id = client.publish(Publication.to(topic, "urn:" + run + ":alternate")
                    .data("{\"title\":\"Dune\"}\n\nsecond line").id(run + "-1").type("book").retry(4000));
            assertEquals(run + "-1", id, "the id given is the id the hub answers");
            assertEquals("event " + run + "-1 book {\"title\":\"Dune\"}\n\nsecond line", heard.next(WAIT));

            String made = client.publish(Publication.to(topic).data(""));
            assertTrue(made.startsWith("urn:uuid:"), made);
            assertEquals("event " + made + " message ", heard.next(WAIT));
            assertEquals(made, subscription.lastEventId());
        }
    }

    @Test
    void aPrivateUpdateReachesOnlyASubscriptionWhoseTokenAllowsIt() throws Exception {
        String topic = "https://herald.test/" + run + "/private";
        RecordingListener allowed = new RecordingListener();
        RecordingListener anonymous = new RecordingListener();
        try (HeraldClient client = HeraldClient.builder(hub()).publisherKey(KEY_SIGNER).build()) {
            String token = KEY_SIGNER.token(null, List.of(topic), Instant.now().plusSeconds(300));
            client.subscribe(SubscriptionRequest.to(topic).bearer(token), allowed);
            client.subscribe(SubscriptionRequest.to(topic), anonymous);
            assertEquals("open", allowed.next(WAIT));
            assertEquals("open", anonymous.next(WAIT));

            client.publish(Publication.to(topic).data("secret").id(run + "-private").asPrivate());
            client.publish(Publication.to(topic).data("public").id(run + "-public"));
            assertEquals("event " + run + "-private message secret", allowed.next(WAIT));
            assertEquals("event " + run + "-public message public", allowed.next(WAIT));
            assertEquals("event " + run + "-public message public", anonymous.next(WAIT), "the private one never came");
        }
    }

    @Test
    void afterADroppedConnectionTheSubscriptionGetsWhatItMissedOnceAndNothingTwice() throws Exception {
        String topic = "https://herald.test/" + run + "/dropped";
        RecordingListener heard = new RecordingListener();
        try (DroppingProxy proxy = new DroppingProxy(hub());
             HeraldClient publisher = HeraldClient.builder(hub()).publisherKey(KEY_SIGNER).build();
             HeraldClient subscriber = HeraldClient.builder(proxy.uri()).build()) {
            subscriber.subscribe(SubscriptionRequest.to(topic), heard);
            assertEquals("open", heard.next(WAIT));
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                published.add(publisher.publish(Publication.to(topic).data("before " + i)));
            }
            List<String> ids = heard.eventIds(3, WAIT);

            proxy.dropAll();
            String retrying = heard.next(WAIT);
            assertTrue(retrying.startsWith("retrying "), retrying);
            for (int i = 0; i < 3; i++) {
                published.add(publisher.publish(Publication.to(topic).data("while away " + i)));
            }
            assertEquals("open", heard.next(WAIT), "reconnected by itself");
            ids.addAll(heard.eventIds(3, WAIT));
            published.add(publisher.publish(Publication.to(topic).data("after")));
            ids.addAll(heard.eventIds(1, WAIT));

            assertEquals(published, ids, "every update once, in order: the missed ones replayed after Last-Event-ID");
            assertNull(heard.poll(Duration.ofMillis(500)), "and nothing more");
        }
    }

    @Test
    void aTokenTheHubRefusesIsAClearExceptionAndASubscriptionThatIsRefusedIsNotRetried() throws Exception {
        TokenSigner wrongKey = TokenSigner.hs256("not-the-key-the-hub-has-but-long-enough-anyway");
        try (HeraldClient wrong = HeraldClient.builder(hub()).publisherKey(wrongKey).build();
             HeraldClient narrow = HeraldClient.builder(hub())
                     .publisherKey(KEY_SIGNER, List.of("https://herald.test/elsewhere/{id}")).build();
             HeraldClient unsigned = HeraldClient.builder(hub()).build()) {
            Publication update = Publication.to("https://herald.test/" + run + "/refused").data("x");
            HubException badSignature = assertThrows(HubException.class, () -> wrong.publish(update));
            assertEquals(401, badSignature.status());
            assertTrue(badSignature.getMessage().contains("401: "), badSignature.getMessage());
            assertNotEquals("", badSignature.hubMessage().strip(), "the hub says what is wrong");
            assertEquals(403, assertThrows(HubException.class, () -> narrow.publish(update)).status());
            assertEquals(401, assertThrows(HubException.class, () -> unsigned.publish(update)).status());
            assertEquals(400, assertThrows(HubException.class,
                    () -> narrow.publish(Publication.to("https://herald.test/elsewhere/1").id("#bad"))).status());

            RecordingListener refused = new RecordingListener();
            String badToken = wrongKey.token(null, List.of("*"), Instant.now().plusSeconds(60));
            Subscription subscription = unsigned.subscribe(SubscriptionRequest.to("urn:" + run).bearer(badToken),
                    refused);
            assertEquals("closed HubException 401", refused.next(WAIT));
            assertNull(refused.poll(Duration.ofSeconds(4)), "no retry, not even after herald.retry (3 s)");
            assertEquals(Subscription.State.CLOSED, subscription.state());
        }
    }

    @Test
    void closeEndsAnOpenSubscriptionAtOnce() throws Exception {
        RecordingListener heard = new RecordingListener();
        try (HeraldClient client = HeraldClient.builder(hub()).build()) {
            Subscription subscription = client.subscribe(SubscriptionRequest.to("urn:" + run), heard);
            assertEquals("open", heard.next(WAIT));
            long start = System.nanoTime();
            subscription.close();
            assertEquals("closed null", heard.next(WAIT));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 1000, "closed in " + millis + " ms");
            assertEquals(Subscription.State.CLOSED, subscription.state());
        }
    }

    private URI hub() {
        return uri(".well-known/mercure");
    }
}
