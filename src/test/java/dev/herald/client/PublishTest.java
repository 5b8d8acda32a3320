package dev.herald.client;

import static dev.herald.client.ScriptedHub.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a hub that misbehaves can make a publish hold (the well-behaved hub is in it/JavaClientIT): never more than
 * the request timeout, never more than {@link HeraldClient#MAX_MESSAGE_BYTES} of its answer.
 */
class PublishTest {

    @Test
    void aHugeRefusalIsReadOnlyUpToTheLimit() throws Exception {
        try (ScriptedHub hub = new ScriptedHub(answer(401, "text/plain", "x".repeat(1 << 20)));
             HeraldClient client = HeraldClient.builder(hub.uri()).build()) {
            HubException refusal = assertThrows(HubException.class, () -> client.publish(Publication.to("urn:a")));
            assertEquals(401, refusal.status());
            assertEquals(HeraldClient.MAX_MESSAGE_BYTES, refusal.hubMessage().length());
        }
    }

    @Test
    void anAnswerThatTricklesInEndsAtTheRequestTimeout() throws Exception {
        ScriptedHub.Answer trickle = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            for (int i = 0; i < 100; i++) {
                exchange.getResponseBody().write("u".getBytes(StandardCharsets.US_ASCII));
                exchange.getResponseBody().flush();
                TimeUnit.MILLISECONDS.sleep(100);
            }
        };
        try (ScriptedHub hub = new ScriptedHub(trickle);
             HeraldClient client = HeraldClient.builder(hub.uri()).requestTimeout(Duration.ofMillis(500)).build()) {
            long start = System.nanoTime();
            assertThrows(HttpTimeoutException.class, () -> client.publish(Publication.to("urn:a")));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 500 && millis < 2000, "gave up after " + millis + " ms");
        }
    }

    @Test
    void theUpdateIsPostedAsAFormWithTheSignedToken() throws Exception {
        try (ScriptedHub hub = new ScriptedHub(answer(200, "text/plain", "urn:uuid:made"));
             HeraldClient client = HeraldClient.builder(hub.uri())
                     .publisherToken("made-elsewhere").build()) {
            assertEquals("urn:uuid:made", client.publish(Publication.to("urn:a").data("x")));
            assertEquals("Bearer made-elsewhere", hub.requests().get(0).authorization());
        }
    }
}
