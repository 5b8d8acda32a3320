package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.TestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a subscriber may ask for, and that the most it may ask for stays cheap. */
class SelectorLimitsTest {

    private final SelectorLimits limits = SelectorLimits.of(TestConfig.of());

    @Test
    void eachLimitIsRefusedNamingItsKey() {
        assertMessage("herald.subscription.max-selectors", Collections.nCopies(33, "t"));
        assertMessage("herald.selector.max-length", List.of("x".repeat(1_025)));
        assertMessage("herald.selector.max-expressions", List.of("{+a}".repeat(11)));
        assertEquals(32, limits.selectors(Collections.nCopies(32, "t")).size());
    }

    @Test
    void theCostliestSelectorsAllowedCompileAndMatchQuickly() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String template = "https://e.example/" + "{+a}".repeat(10) + "/" + i + "/";
            texts.add(template + "y".repeat(1_024 - template.length()));
        }
        long started = System.nanoTime();
        List<TopicSelector> selectors = limits.selectors(texts);
        String topic = "https://e.example/" + "z/".repeat(500);
        for (TopicSelector selector : selectors) {
            assertFalse(selector.matches(topic));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.toMillis() < 1_000, "32 templates at the limits took " + took);
    }

    private void assertMessage(String key, List<String> texts) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> limits.selectors(texts));
        assertTrue(refused.getMessage().contains(key), refused.getMessage());
    }
}
