package dev.herald.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every Herald setting, its key and its default, in one place. Values come from MicroProfile Config, so each key can
 * also be set as an environment variable ({@code herald.heartbeat} as {@code HERALD_HEARTBEAT}) or a system property.
 *
 * @param counterPeriod how often the counter ticks
 * @param retry         the reconnection delay suggested to clients in the stream's {@code retry:} field
 * @param heartbeat     how often an idle stream gets a {@code :} comment, which also finds clients that went away
 * @param historySize   how many counter events are kept for clients that reconnect with {@code Last-Event-ID}
 */
public record HeraldConfig(Duration counterPeriod, Duration retry, Duration heartbeat, int historySize) {

    public static final String COUNTER_PERIOD = "herald.counter.period";
    public static final String RETRY = "herald.retry";
    public static final String HEARTBEAT = "herald.heartbeat";
    public static final String HISTORY_SIZE = "herald.history.size";

    public HeraldConfig {
        requirePositive(COUNTER_PERIOD, counterPeriod);
        requirePositive(RETRY, retry);
        requirePositive(HEARTBEAT, heartbeat);
        if (historySize < 1) {
            throw new IllegalArgumentException(HISTORY_SIZE + " = " + historySize + " must be at least 1");
        }
    }

    /** The settings Herald runs with when nothing is configured. */
    public static HeraldConfig defaults() {
        return from(key -> Optional.empty());
    }

    /**
     * @param lookup finds the configured text for a key, if any
     * @throws IllegalArgumentException naming the key whose value cannot be read
     */
    public static HeraldConfig from(Function<String, Optional<String>> lookup) {
        return new HeraldConfig(
                duration(lookup, COUNTER_PERIOD, "1s"),
                duration(lookup, RETRY, "3s"),
                duration(lookup, HEARTBEAT, "15s"),
                integer(lookup, HISTORY_SIZE, 1_000));
    }

    private static Duration duration(Function<String, Optional<String>> lookup, String key, String fallback) {
        return Durations.parse(key, lookup.apply(key).orElse(fallback));
    }

    private static int integer(Function<String, Optional<String>> lookup, String key, int fallback) {
        String value = lookup.apply(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + value + "' is not a whole number", e);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " = " + value + " must be longer than zero");
        }
    }
}
