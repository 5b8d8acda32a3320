package dev.herald.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.Hub;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.testing.RecordingSink;
import dev.herald.testing.TestConfig;
import dev.herald.transport.LocalTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublisherTest {

    private final Hub hub = new Hub(TestConfig.of(), new LocalTransport(100, 1_000_000, Thread::new),
            new SimpleMeterRegistry());
    private final Publisher publisher = new Publisher(hub);

    @Test
    void publishesWithEveryFieldAndAnswersTheId() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        hub.subscribe(new Subscriber(List.of(TopicSelector.of("https://example.com/books/1")),
                List.of(TopicSelector.of("*")), null, sink), null);
        String id = publisher.publish(Publication.to("https://example.com/books/1", "https://example.com/alt")
                .data("{\"title\":\"Dune\"}").id("book-1").type("changed").retry(2_000).asPrivate());
        assertEquals("book-1", id);
        sink.awaitId("book-1", Duration.ofSeconds(5));
        assertEquals("id: book-1\nevent: changed\nretry: 2000\ndata: {\"title\":\"Dune\"}\n\n", sink.text());
        assertTrue(publisher.publish(Publication.to("https://example.com/books/1")).startsWith("urn:uuid:"),
                "without an id, the hub makes one");
    }

    @Test
    void theRulesOfAnHttpPublishHold() {
        IllegalArgumentException noTopic = assertThrows(IllegalArgumentException.class,
                () -> publisher.publish(Publication.to()));
        assertTrue(noTopic.getMessage().contains("topic"), noTopic.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> publisher.publish(Publication.to("t").id("earliest")));
        assertThrows(IllegalArgumentException.class,
                () -> publisher.publish(Publication.to("t").type("two\nlines")));
    }

    @Test
    void aCommittedPublicationThatBreaksARuleIsLoggedNotThrown() {
        // After the commit there is no one to throw to: the observer must not fail the transaction's completion.
        publisher.afterCommit(Publication.to());
    }
}
