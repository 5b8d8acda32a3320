package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeraldConfigTest {

    @Test
    void defaultsMatchTheReadme() {
        HeraldConfig config = HeraldConfig.defaults();
        assertEquals(Duration.ofSeconds(1), config.counterPeriod());
        assertEquals(Duration.ofSeconds(3), config.retry());
        assertEquals(Duration.ofSeconds(15), config.heartbeat());
        assertEquals(10_000, config.historySize());
        assertEquals("HS256", config.algorithm());
        assertEquals(false, config.anonymous());
        assertEquals(Duration.ofSeconds(5), config.writeTimeout());
        assertEquals(1_048_576, config.publishMaxBytes());
        assertEquals(Optional.empty(), config.publisherKey());
        assertEquals(List.of(), config.corsOrigins());
    }

    @Test
    void configuredValuesWin() {
        HeraldConfig config = from(Map.of(
                HeraldConfig.COUNTER_PERIOD, "250ms",
                HeraldConfig.RETRY, "5000",
                HeraldConfig.HEARTBEAT, "PT30S",
                HeraldConfig.HISTORY_SIZE, " 42 "));
        assertEquals(Duration.ofMillis(250), config.counterPeriod());
        assertEquals(Duration.ofSeconds(5), config.retry());
        assertEquals(Duration.ofSeconds(30), config.heartbeat());
        assertEquals(42, config.historySize());
    }

    @Test
    void theSubscriberKeyDefaultsToThePublisherKey() {
        assertEquals(Optional.of("k1"), from(Map.of(HeraldConfig.PUBLISHER_KEY, "k1")).subscriberKey());
        assertEquals(Optional.of("k2"), from(Map.of(HeraldConfig.PUBLISHER_KEY, "k1",
                HeraldConfig.SUBSCRIBER_KEY, "k2")).subscriberKey());
    }

    @Test
    void corsOriginsAreACommaSeparatedList() {
        assertEquals(List.of("https://a.example", "https://b.example"),
                from(Map.of(HeraldConfig.CORS_ORIGINS, " https://a.example, https://b.example ,")).corsOrigins());
    }

    @Test
    void unsupportedAlgorithmsAndBadBooleansAreRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(HeraldConfig.ALGORITHM, "none")));
        assertTrue(error.getMessage().contains("HS256, RS256, ES256"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> from(Map.of(HeraldConfig.ANONYMOUS, "yes")));
        assertTrue(error.getMessage().contains("herald.anonymous"), error.getMessage());
    }

    @Test
    void durationsAcceptTheShortForms() {
        assertEquals(Duration.ofMillis(500), Durations.parse("k", "500ms"));
        assertEquals(Duration.ofSeconds(15), Durations.parse("k", "15s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("k", "2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("k", "1h"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("k", "PT1.5S"));
    }

    @Test
    void aBadValueNamesItsKeyAndTheFix() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(HeraldConfig.HEARTBEAT, "soon")));
        assertTrue(error.getMessage().contains("herald.heartbeat = 'soon'"), error.getMessage());
        assertTrue(error.getMessage().contains("15s"), error.getMessage());

        error = assertThrows(IllegalArgumentException.class, () -> from(Map.of(HeraldConfig.HISTORY_SIZE, "many")));
        assertTrue(error.getMessage().contains("herald.history.size = 'many'"), error.getMessage());
    }

    @Test
    void zeroPeriodsAndEmptyHistoriesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> from(Map.of(HeraldConfig.COUNTER_PERIOD, "0s")));
        assertThrows(IllegalArgumentException.class, () -> from(Map.of(HeraldConfig.HISTORY_SIZE, "0")));
    }

    private static HeraldConfig from(Map<String, String> values) {
        return HeraldConfig.from(key -> Optional.ofNullable(values.get(key)));
    }
}
