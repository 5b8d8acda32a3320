package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The matching rules of Mercure's conformance cases: exact strings, IRIs, URI templates and the wildcard. */
class TopicSelectorTest {

    @Test
    void theWildcardMatchesEveryTopic() {
        assertTrue(TopicSelector.of("*").matches("https://example.com/books/1"));
        assertTrue(TopicSelector.of("*").matches("anything at all"));
        assertTrue(TopicSelector.of("*").isWildcard());
    }

    @Test
    void exactStringsAndIrisMatchOnlyThemselves() {
        assertTrue(TopicSelector.of("foo").matches("foo"));
        assertFalse(TopicSelector.of("foo").matches("bar"));
        assertFalse(TopicSelector.of("foo").matches("Foo"));
        assertTrue(TopicSelector.of("https://example.com/books/1").matches("https://example.com/books/1"));
        assertFalse(TopicSelector.of("https://example.com/books/1").matches("https://example.com/books/10"));
        assertTrue(TopicSelector.of("https://example.com/books/1").isExact());
    }

    @Test
    void uriTemplatesMatchTheTopicsTheyExpandTo() {
        TopicSelector books = TopicSelector.of("https://example.com/books/{id}");
        assertFalse(books.isExact());
        assertTrue(books.matches("https://example.com/books/1"));
        assertTrue(books.matches("https://example.com/books/the-hobbit"));
        assertFalse(books.matches("https://example.com/authors/1"));
        assertFalse(books.matches("https://example.com/books/1/chapters"));
        assertFalse(books.matches("https://example.com/books/1?x=y"));
    }

    @Test
    void templateOperatorsFollowRfc6570() {
        assertTrue(TopicSelector.of("https://example.com/{+path}").matches("https://example.com/a/b/c"));
        assertTrue(TopicSelector.of("https://example.com/books{/id}").matches("https://example.com/books/7"));
        assertTrue(TopicSelector.of("https://example.com/search{?q,page}").matches("https://example.com/search?q=x&page=2"));
        assertTrue(TopicSelector.of("https://example.com/{a}-{b}").matches("https://example.com/x-y"));
        assertFalse(TopicSelector.of("https://example.com/{id}").matches("https://example.com/a/b"));
    }

    @Test
    void aSelectorIsAlsoTriedAsAnExactTopic() {
        assertTrue(TopicSelector.of("https://example.com/{weird}").matches("https://example.com/{weird}"));
        TopicSelector broken = TopicSelector.of("https://example.com/{oops");
        assertTrue(broken.isExact(), "not a valid template, so an exact topic");
        assertTrue(broken.matches("https://example.com/{oops"));
        assertFalse(broken.matches("https://example.com/x"));
    }

    @Test
    void pathologicalTemplatesStayFast() {
        TopicSelector nasty = TopicSelector.of("{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}!");
        String topic = "a".repeat(5_000);
        long started = System.nanoTime();
        assertFalse(nasty.matches(topic));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1_000, "matching took too long");
    }
}
