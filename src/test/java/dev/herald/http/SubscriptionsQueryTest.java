package dev.herald.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The paths of the subscriptions API, read raw: an encoded '/' stays inside its part. */
class SubscriptionsQueryTest {

    private static final String PATH = "/.well-known/mercure/subscriptions";

    @Test
    void theCollectionTheSelectorAndTheSubscription() {
        SubscriptionsQuery all = SubscriptionsQuery.parse(PATH);
        assertNull(all.selector());
        assertEquals(PATH, all.url());
        assertEquals(PATH, SubscriptionsQuery.parse(PATH + "/").url());

        SubscriptionsQuery books = SubscriptionsQuery.parse(PATH + "/https%3a%2F%2Fexample.com%2Fbooks%2F%7Bid%7D");
        assertEquals("https://example.com/books/{id}", books.selector());
        assertNull(books.subscriber());
        assertEquals(PATH + "/https%3A%2F%2Fexample.com%2Fbooks%2F%7Bid%7D", books.url(), "spelled as events spell it");

        SubscriptionsQuery one = SubscriptionsQuery.parse(PATH + "/chat/urn%3Auuid%3A1");
        assertEquals("chat", one.selector());
        assertEquals("urn:uuid:1", one.subscriber());
        assertEquals(PATH + "/chat/urn%3Auuid%3A1", one.url());
    }

    @Test
    void pathsThatNameNoSubscriptionAreRefusedWithWhatToFix() {
        assertRefused(PATH + "/a/b/c", "at most two");
        assertRefused(PATH + "//b", "empty part");
        assertRefused(PATH + "/a%2", "percent-encoding");
    }

    private static void assertRefused(String path, String reason) {
        String message = assertThrows(IllegalArgumentException.class, () -> SubscriptionsQuery.parse(path))
                .getMessage();
        assertTrue(message.contains(reason), message);
    }
}
