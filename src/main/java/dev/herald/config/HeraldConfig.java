package dev.herald.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every Herald setting, its key and its default, in one place. Values come from MicroProfile Config, so each key can
 * also be set as an environment variable ({@code herald.heartbeat} as {@code HERALD_HEARTBEAT}) or a system property.
 *
 * @param counterPeriod   how often the counter ticks
 * @param retry           the reconnection delay suggested to clients in each stream's {@code retry:} field
 * @param heartbeat       how often every stream gets a {@code :} comment, which also finds clients that went away
 * @param historySize     how many events the counter and the hub each keep for clients that reconnect
 * @param publisherKey    the key that verifies publishers' JWTs: the secret for HS256, a PEM public key otherwise
 * @param subscriberKey   the key that verifies subscribers' JWTs; the publisher key when not set
 * @param algorithm       the JWS algorithm tokens must be signed with: HS256, RS256 or ES256
 * @param anonymous       whether subscribers without a token may subscribe (they never receive private updates)
 * @param writeTimeout    how long a subscriber's socket may refuse writes before the subscriber is disconnected
 * @param publishMaxBytes the largest publish request body accepted
 * @param queueSize       how many updates may wait for one subscriber before it is disconnected as too slow
 * @param corsOrigins     origins allowed to use the hub from other sites, with credentials; empty for none
 * @param historyMaxBytes how many bytes of framed events the hub's history may hold, whatever their number
 * @param publishOrigins  origins whose pages may publish with the {@code mercureAuthorization} cookie; empty for none
 * @param publishReadTimeout how long a publish body may take to arrive before the request is refused with 408
 * @param selectorMaxLength       the longest topic selector a subscriber may send, in characters
 * @param selectorMaxExpressions  the most {@code {…}} expressions one URI template selector may hold
 * @param subscriptionMaxSelectors the most topic selectors one subscription may hold
 */
public record HeraldConfig(Duration counterPeriod, Duration retry, Duration heartbeat, int historySize,
                           Optional<String> publisherKey, Optional<String> subscriberKey, String algorithm,
                           boolean anonymous, Duration writeTimeout, int publishMaxBytes, int queueSize,
                           List<String> corsOrigins, long historyMaxBytes, List<String> publishOrigins,
                           Duration publishReadTimeout, int selectorMaxLength, int selectorMaxExpressions,
                           int subscriptionMaxSelectors) {

    public static final String COUNTER_PERIOD = "herald.counter.period";
    public static final String RETRY = "herald.retry";
    public static final String HEARTBEAT = "herald.heartbeat";
    public static final String HISTORY_SIZE = "herald.history.size";
    public static final String PUBLISHER_KEY = "herald.jwt.publisher.key";
    public static final String SUBSCRIBER_KEY = "herald.jwt.subscriber.key";
    public static final String ALGORITHM = "herald.jwt.algorithm";
    public static final String ANONYMOUS = "herald.anonymous";
    public static final String WRITE_TIMEOUT = "herald.write-timeout";
    public static final String PUBLISH_MAX_BYTES = "herald.publish.max-bytes";
    public static final String QUEUE_SIZE = "herald.queue.size";
    public static final String CORS_ORIGINS = "herald.cors.origins";
    public static final String HISTORY_MAX_BYTES = "herald.history.max-bytes";
    public static final String PUBLISH_ORIGINS = "herald.publish.origins";
    public static final String PUBLISH_READ_TIMEOUT = "herald.publish.read-timeout";
    public static final String SELECTOR_MAX_LENGTH = "herald.selector.max-length";
    public static final String SELECTOR_MAX_EXPRESSIONS = "herald.selector.max-expressions";
    public static final String SUBSCRIPTION_MAX_SELECTORS = "herald.subscription.max-selectors";

    private static final List<String> ALGORITHMS = List.of("HS256", "RS256", "ES256");

    public HeraldConfig {
        requirePositive(COUNTER_PERIOD, counterPeriod);
        requirePositive(RETRY, retry);
        requirePositive(HEARTBEAT, heartbeat);
        requirePositive(WRITE_TIMEOUT, writeTimeout);
        requireAtLeastOne(HISTORY_SIZE, historySize);
        requireAtLeastOne(PUBLISH_MAX_BYTES, publishMaxBytes);
        requireAtLeastOne(QUEUE_SIZE, queueSize);
        requirePositive(PUBLISH_READ_TIMEOUT, publishReadTimeout);
        requireAtLeastOne(HISTORY_MAX_BYTES, historyMaxBytes);
        requireAtLeastOne(SELECTOR_MAX_LENGTH, selectorMaxLength);
        requireAtLeastOne(SELECTOR_MAX_EXPRESSIONS, selectorMaxExpressions);
        requireAtLeastOne(SUBSCRIPTION_MAX_SELECTORS, subscriptionMaxSelectors);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException(ALGORITHM + " = '" + algorithm + "' is not supported; use one of "
                    + String.join(", ", ALGORITHMS));
        }
        subscriberKey = subscriberKey.isPresent() ? subscriberKey : publisherKey;
        corsOrigins = List.copyOf(corsOrigins);
        publishOrigins = List.copyOf(publishOrigins);
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
        Function<String, Optional<String>> set = key -> lookup.apply(key).filter(value -> !value.isBlank());
        return new HeraldConfig(
                duration(set, COUNTER_PERIOD, "1s"),
                duration(set, RETRY, "3s"),
                duration(set, HEARTBEAT, "15s"),
                integer(set, HISTORY_SIZE, 10_000),
                set.apply(PUBLISHER_KEY),
                set.apply(SUBSCRIBER_KEY),
                set.apply(ALGORITHM).map(String::trim).orElse("HS256"),
                bool(set, ANONYMOUS, false),
                duration(set, WRITE_TIMEOUT, "5s"),
                integer(set, PUBLISH_MAX_BYTES, 1_048_576),
                integer(set, QUEUE_SIZE, 1_000),
                set.apply(CORS_ORIGINS).map(HeraldConfig::list).orElse(List.of()),
                longInteger(set, HISTORY_MAX_BYTES, 64L * 1024 * 1024),
                set.apply(PUBLISH_ORIGINS).map(HeraldConfig::list).orElse(List.of()),
                duration(set, PUBLISH_READ_TIMEOUT, "10s"),
                integer(set, SELECTOR_MAX_LENGTH, 1024),
                integer(set, SELECTOR_MAX_EXPRESSIONS, 10),
                integer(set, SUBSCRIPTION_MAX_SELECTORS, 32));
    }

    private static Duration duration(Function<String, Optional<String>> lookup, String key, String fallback) {
        return Durations.parse(key, lookup.apply(key).orElse(fallback));
    }

    private static int integer(Function<String, Optional<String>> lookup, String key, int fallback) {
        long value = longInteger(lookup, key, fallback);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " = " + value + " is too large; at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static long longInteger(Function<String, Optional<String>> lookup, String key, long fallback) {
        String value = lookup.apply(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + value + "' is not a whole number (at most "
                    + Long.MAX_VALUE + ")", e);
        }
    }

    private static boolean bool(Function<String, Optional<String>> lookup, String key, boolean fallback) {
        String value = lookup.apply(key).map(String::trim).orElse(null);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + " = '" + value + "' must be true or false");
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " = " + value + " must be longer than zero");
        }
    }

    private static void requireAtLeastOne(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " = " + value + " must be at least 1");
        }
    }
}
