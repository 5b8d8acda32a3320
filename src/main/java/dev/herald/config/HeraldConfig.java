package dev.herald.config;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every Herald setting, its key and its default, in one place. Values come from MicroProfile Config, so each key can
 * also be set as an environment variable ({@code herald.heartbeat} as {@code HERALD_HEARTBEAT}) or a system property.
 *
 * @param counterPeriod   how often the counter ticks
 * @param retry           the reconnection delay suggested to clients in each stream's {@code retry:} field
 * @param heartbeat       how often every stream gets a {@code :} comment, which keeps proxies from closing it
 * @param idleProbe       how long a stream may be silent before it gets a {@code :} comment, which finds a client that
 *                        went away within about three of these; zero for none (heartbeats only)
 * @param historySize     how many events the counter and the hub each keep for clients that reconnect
 * @param publisherKey    the key that verifies publishers' JWTs: the secret for HS256, a PEM public key otherwise
 * @param subscriberKey   the key that verifies subscribers' JWTs; the publisher key when neither it nor a subscriber
 *                        JWKS URL is set
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
 * @param redis           where the cluster's Redis is; empty for the {@code local} transport, one server alone
 * @param redisPrefix     the prefix of every Redis key Herald uses, so that several hubs can share one Redis
 * @param redisTimeout    how long a publish may wait for Redis before it is answered 503
 * @param publisherJwksUrl where the JWK Set that verifies publishers' JWTs is fetched, instead of a configured key
 * @param subscriberJwksUrl the same for subscribers; the publisher's key source when neither this nor a subscriber key
 *                          is set
 * @param jwksRefresh     how often each JWK Set is fetched again, so that rotated keys are picked up without a restart
 * @param jwksTimeout     how long fetching a JWK Set may take to connect, and to wait for each read
 * @param shutdownTimeout how long stopping the application waits for queued updates to reach subscribers before it
 *                        ends their streams
 * @param subscriptions   whether Mercure's subscription events are published and its subscriptions API answers
 * @param subscriptionsMaxListed the most subscriptions one answer of the subscriptions API lists
 */
public record HeraldConfig(Duration counterPeriod, Duration retry, Duration heartbeat, Duration idleProbe,
                           int historySize,
                           Optional<String> publisherKey, Optional<String> subscriberKey, String algorithm,
                           boolean anonymous, Duration writeTimeout, int publishMaxBytes, int queueSize,
                           List<String> corsOrigins, long historyMaxBytes, List<String> publishOrigins,
                           Duration publishReadTimeout, int selectorMaxLength, int selectorMaxExpressions,
                           int subscriptionMaxSelectors, Optional<RedisAddress> redis, String redisPrefix,
                           Duration redisTimeout, Optional<URI> publisherJwksUrl, Optional<URI> subscriberJwksUrl,
                           Duration jwksRefresh, Duration jwksTimeout, Duration shutdownTimeout,
                           boolean subscriptions, int subscriptionsMaxListed) {

    public static final String COUNTER_PERIOD = "herald.counter.period";
    public static final String RETRY = "herald.retry";
    public static final String HEARTBEAT = "herald.heartbeat";
    public static final String IDLE_PROBE = "herald.idle-probe";
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
    public static final String TRANSPORT = "herald.transport";
    public static final String REDIS_PREFIX = "herald.redis.prefix";
    public static final String REDIS_TIMEOUT = "herald.redis.timeout";
    public static final String PUBLISHER_JWKS_URL = "herald.jwt.publisher.jwks-url";
    public static final String SUBSCRIBER_JWKS_URL = "herald.jwt.subscriber.jwks-url";
    public static final String JWKS_REFRESH = "herald.jwt.jwks.refresh";
    public static final String JWKS_TIMEOUT = "herald.jwt.jwks.timeout";
    public static final String SHUTDOWN_TIMEOUT = "herald.shutdown.timeout";
    public static final String SUBSCRIPTIONS = "herald.subscriptions";
    public static final String SUBSCRIPTIONS_MAX_LISTED = "herald.subscriptions.max-listed";

    private static final List<String> ALGORITHMS = List.of("HS256", "RS256", "ES256");

    /** The most entries {@code herald.history.size} may ask for: the hub and the counter each keep an array of them. */
    public static final int HISTORY_SIZE_MAX = 1_000_000;
    /** What one kept entry may cost, counted against a quarter of the heap: two array slots and a counter entry. */
    static final int HISTORY_ENTRY_BYTES = 256;
    /** The largest publish body {@code herald.publish.max-bytes} may allow, whatever the heap. */
    public static final int PUBLISH_MAX_BYTES_MAX = 64 * 1024 * 1024;
    /** The most subscriptions {@code herald.subscriptions.max-listed} may allow in one answer (~40 MB of JSON). */
    public static final int SUBSCRIPTIONS_MAX_LISTED_MAX = 100_000;

    /**
     * Checks every value on its own; {@link #from(Function)} also checks that the history and the publish bodies fit
     * the heap.
     *
     * @throws IllegalArgumentException naming the key whose value cannot work
     */
    public HeraldConfig {
        requireDuration(COUNTER_PERIOD, counterPeriod);
        requireDuration(RETRY, retry);
        requireDuration(HEARTBEAT, heartbeat);
        if (!idleProbe.isZero()) {
            requireDuration(IDLE_PROBE, idleProbe);
        }
        requireDuration(WRITE_TIMEOUT, writeTimeout);
        requireDuration(PUBLISH_READ_TIMEOUT, publishReadTimeout);
        requireDuration(REDIS_TIMEOUT, redisTimeout);
        requireDuration(JWKS_REFRESH, jwksRefresh);
        requireDuration(JWKS_TIMEOUT, jwksTimeout);
        requireDuration(SHUTDOWN_TIMEOUT, shutdownTimeout);
        if (!redisPrefix.matches("[!-~]+")) {
            throw new IllegalArgumentException(REDIS_PREFIX + " = '" + redisPrefix + "' must be printable ASCII"
                    + " without spaces, like 'herald'");
        }
        requireBetween(HISTORY_SIZE, historySize, 1, HISTORY_SIZE_MAX, "");
        requireBetween(PUBLISH_MAX_BYTES, publishMaxBytes, 1, PUBLISH_MAX_BYTES_MAX, " (64 MiB)");
        requireAtLeastOne(QUEUE_SIZE, queueSize);
        requireAtLeastOne(HISTORY_MAX_BYTES, historyMaxBytes);
        requireAtLeastOne(SELECTOR_MAX_LENGTH, selectorMaxLength);
        requireAtLeastOne(SELECTOR_MAX_EXPRESSIONS, selectorMaxExpressions);
        requireAtLeastOne(SUBSCRIPTION_MAX_SELECTORS, subscriptionMaxSelectors);
        requireBetween(SUBSCRIPTIONS_MAX_LISTED, subscriptionsMaxListed, 1, SUBSCRIPTIONS_MAX_LISTED_MAX, "");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException(ALGORITHM + " = '" + algorithm + "' is not supported; use one of "
                    + String.join(", ", ALGORITHMS));
        }
        requireOneKeySource(PUBLISHER_KEY, publisherKey, PUBLISHER_JWKS_URL, publisherJwksUrl);
        requireOneKeySource(SUBSCRIBER_KEY, subscriberKey, SUBSCRIBER_JWKS_URL, subscriberJwksUrl);
        if (subscriberKey.isEmpty() && subscriberJwksUrl.isEmpty()) {
            subscriberKey = publisherKey;
            subscriberJwksUrl = publisherJwksUrl;
        }
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
        return from(lookup, Runtime.getRuntime().maxMemory());
    }

    /**
     * @param lookup  finds the configured text for a key, if any
     * @param maxHeap the most bytes this JVM's heap may grow to, as {@link Runtime#maxMemory()} tells
     * @throws IllegalArgumentException naming the key whose value cannot be read, or cannot fit the heap
     */
    public static HeraldConfig from(Function<String, Optional<String>> lookup, long maxHeap) {
        return read(lookup).requireFits(maxHeap);
    }

    private static HeraldConfig read(Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> set = key -> lookup.apply(key).filter(value -> !value.isBlank());
        return new HeraldConfig(
                duration(set, COUNTER_PERIOD, "1s"),
                duration(set, RETRY, "3s"),
                duration(set, HEARTBEAT, "15s"),
                duration(set, IDLE_PROBE, "1s"),
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
                integer(set, SUBSCRIPTION_MAX_SELECTORS, 32),
                set.apply(TRANSPORT).map(String::trim).filter(value -> !value.equals("local"))
                        .map(url -> RedisAddress.parse(TRANSPORT, url)),
                set.apply(REDIS_PREFIX).map(String::trim).orElse("herald"),
                duration(set, REDIS_TIMEOUT, "2s"),
                set.apply(PUBLISHER_JWKS_URL).map(url -> jwksUrl(PUBLISHER_JWKS_URL, url)),
                set.apply(SUBSCRIBER_JWKS_URL).map(url -> jwksUrl(SUBSCRIBER_JWKS_URL, url)),
                duration(set, JWKS_REFRESH, "5m"),
                duration(set, JWKS_TIMEOUT, "2s"),
                duration(set, SHUTDOWN_TIMEOUT, "5s"),
                bool(set, SUBSCRIPTIONS, false),
                integer(set, SUBSCRIPTIONS_MAX_LISTED, 1_000));
    }

    /**
     * Checks what the configuration makes the server hold against the heap: the history (its bytes, and its entries
     * in both the hub and the counter) may take at most a quarter of it, one publish body at most a sixteenth.
     *
     * @param maxHeap the most bytes the heap may grow to
     * @return this configuration
     * @throws IllegalArgumentException naming the key that asks for too much, with the heap it was checked against
     */
    public HeraldConfig requireFits(long maxHeap) {
        long quarter = maxHeap / 4;
        if (historyMaxBytes > quarter) {
            throw tooLargeForHeap(HISTORY_MAX_BYTES, historyMaxBytes, "the hub's history may take at most a quarter",
                    quarter, maxHeap);
        }
        if ((long) historySize * HISTORY_ENTRY_BYTES > quarter) {
            throw tooLargeForHeap(HISTORY_SIZE, historySize, "at about " + HISTORY_ENTRY_BYTES + " bytes an entry,"
                    + " the hub's and the counter's histories may take at most a quarter", quarter / HISTORY_ENTRY_BYTES,
                    maxHeap);
        }
        long sixteenth = maxHeap / 16;
        if (publishMaxBytes > sixteenth) {
            throw tooLargeForHeap(PUBLISH_MAX_BYTES, publishMaxBytes, "one publish body may take at most a sixteenth",
                    sixteenth, maxHeap);
        }
        return this;
    }

    /** Every value by its key, except the keys themselves: a log must not hold the HS256 secret. */
    @Override
    public String toString() {
        return COUNTER_PERIOD + "=" + counterPeriod + ", " + RETRY + "=" + retry + ", " + HEARTBEAT + "=" + heartbeat
                + ", " + IDLE_PROBE + "=" + idleProbe
                + ", " + HISTORY_SIZE + "=" + historySize + ", " + HISTORY_MAX_BYTES + "=" + historyMaxBytes
                + ", " + PUBLISHER_KEY + "=" + (publisherKey.isPresent() ? "(set)" : "(none)")
                + ", " + SUBSCRIBER_KEY + "=" + (subscriberKey.isEmpty() ? "(none)"
                : subscriberKey.equals(publisherKey) ? "(the publisher key)" : "(set)")
                + ", " + ALGORITHM + "=" + algorithm + ", " + ANONYMOUS + "=" + anonymous
                + ", " + WRITE_TIMEOUT + "=" + writeTimeout + ", " + PUBLISH_MAX_BYTES + "=" + publishMaxBytes
                + ", " + PUBLISH_READ_TIMEOUT + "=" + publishReadTimeout + ", " + QUEUE_SIZE + "=" + queueSize
                + ", " + CORS_ORIGINS + "=" + corsOrigins + ", " + PUBLISH_ORIGINS + "=" + publishOrigins
                + ", " + SELECTOR_MAX_LENGTH + "=" + selectorMaxLength + ", " + SELECTOR_MAX_EXPRESSIONS + "="
                + selectorMaxExpressions + ", " + SUBSCRIPTION_MAX_SELECTORS + "=" + subscriptionMaxSelectors
                + ", " + TRANSPORT + "=" + redis.map(RedisAddress::toString).orElse("local")
                + ", " + REDIS_PREFIX + "=" + redisPrefix + ", " + REDIS_TIMEOUT + "=" + redisTimeout
                + ", " + PUBLISHER_JWKS_URL + "=" + publisherJwksUrl.map(URI::toString).orElse("(none)")
                + ", " + SUBSCRIBER_JWKS_URL + "=" + subscriberJwksUrl.map(URI::toString).orElse("(none)")
                + ", " + JWKS_REFRESH + "=" + jwksRefresh + ", " + JWKS_TIMEOUT + "=" + jwksTimeout
                + ", " + SHUTDOWN_TIMEOUT + "=" + shutdownTimeout + ", " + SUBSCRIPTIONS + "=" + subscriptions
                + ", " + SUBSCRIPTIONS_MAX_LISTED + "=" + subscriptionsMaxListed;
    }

    private static IllegalArgumentException tooLargeForHeap(String key, long value, String rule, long most,
                                                            long maxHeap) {
        return new IllegalArgumentException(key + " = " + value + " cannot fit the heap: " + rule + " of it, so at"
                + " most " + most + " with this JVM's maximum heap of " + maxHeap / (1024 * 1024) + " MiB. Lower "
                + key + " or give the server more heap (-Xmx).");
    }

    private static Duration duration(Function<String, Optional<String>> lookup, String key, String fallback) {
        return Durations.parse(key, lookup.apply(key).orElse(fallback));
    }

    private static int integer(Function<String, Optional<String>> lookup, String key, int fallback) {
        long value = longInteger(lookup, key, fallback);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(key + " = " + value + " is out of range; whole numbers from "
                    + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + " only");
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

    /**
     * An http(s) URL with a host and no user info: a {@code file:} URL, or one that does not parse, cannot be a JWKS
     * endpoint, and credentials in it would end up in the log.
     */
    private static URI jwksUrl(String key, String value) {
        String text = value.trim();
        String problem;
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                problem = "it must be an https:// (or http://) URL";
            } else if (url.getHost() == null) {
                problem = "it has no host";
            } else if (url.getRawUserInfo() != null) {
                problem = "it must not hold a user name or password";
            } else {
                url.toURL();
                return url;
            }
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            problem = "it is not a URL: " + e.getMessage();
        }
        throw new IllegalArgumentException(key + " = '" + text + "' cannot be fetched: " + problem + ", like"
                + " https://idp.example.com/realms/acme/protocol/openid-connect/certs");
    }

    /** A role's tokens are verified with one key source: with two, which one wins would be a guess. */
    private static void requireOneKeySource(String keyKey, Optional<String> key, String urlKey, Optional<URI> url) {
        if (key.isPresent() && url.isPresent()) {
            throw new IllegalArgumentException(keyKey + " and " + urlKey + " are both set; set only one of them: a"
                    + " fixed key, or the JWK Set URL its keys are fetched from");
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static void requireDuration(String key, Duration value) {
        if (value.compareTo(Durations.MIN) < 0) {
            throw new IllegalArgumentException(key + " = " + value + " is too short; at least 1 ms");
        }
        if (value.compareTo(Durations.MAX) > 0) {
            throw new IllegalArgumentException(key + " = " + value + " is too long; at most " + Durations.MAX.toMillis()
                    + " ms (about 24 days)");
        }
    }

    private static void requireBetween(String key, long value, long least, long most, String note) {
        if (value < least || value > most) {
            throw new IllegalArgumentException(key + " = " + value + " must be between " + least + " and " + most
                    + note);
        }
    }

    private static void requireAtLeastOne(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " = " + value + " must be at least 1");
        }
    }
}
