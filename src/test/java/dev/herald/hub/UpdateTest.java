package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules every update obeys, whoever publishes it. */
class UpdateTest {

    @Test
    void idsMustSurviveTheTripBackAsLastEventId() {
        assertEquals("urn:uuid:1", Update.of("urn:uuid:1", List.of("t"), null, false, null, null).id());
        assertEquals("with inner spaces", Update.of("with inner spaces", List.of("t"), null, false, null, null).id());
        for (String bad : List.of("caf\u00e9", " leading", "trailing ", "tab\there", "line\nbreak", "#hub", "earliest",
                "x".repeat(257))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> Update.of(bad, List.of("t"), null, false, null, null), bad);
            assertTrue(refused.getMessage().startsWith("'id'"), refused.getMessage());
        }
    }

    @Test
    void aMissingIdIsGenerated() {
        assertTrue(Update.of(null, List.of("t"), null, false, null, null).id().startsWith("urn:uuid:"));
        assertTrue(Update.of("", List.of("t"), null, false, null, null).id().startsWith("urn:uuid:"));
    }

    @Test
    void topicsTypeAndRetryAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Update.of("a", List.of(), null, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> Update.of("a", List.of("t"), null, false, "x\ny", null));
        assertThrows(IllegalArgumentException.class,
                () -> Update.of("a", List.of("t"), null, false, "x".repeat(257), null));
        assertThrows(IllegalArgumentException.class, () -> Update.of("a", List.of("t"), null, false, null, -1L));
        assertEquals("id: a\nevent: book\nretry: 5\ndata: x\n\n",
                new String(Update.of("a", List.of("t"), "x", false, "book", 5L).frame()));
    }

    @Test
    void aPrivateUpdateIsVisibleOnlyToMatchingSelectors() {
        Update secret = Update.of("s", List.of("https://example.com/a", "alt"), null, true, null, null);
        assertTrue(secret.isVisibleTo(List.of(TopicSelector.of("alt"))));
        assertTrue(!secret.isVisibleTo(List.of()));
        assertTrue(Update.of("p", List.of("t"), null, false, null, null).isVisibleTo(List.of()));
    }
}
