package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
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
        assertEquals(Duration.ofSeconds(1), config.idleProbe());
        assertEquals(10_000, config.historySize());
        assertEquals("HS256", config.algorithm());
        assertEquals(false, config.anonymous());
        assertEquals(Duration.ofSeconds(5), config.writeTimeout());
        assertEquals(1_048_576, config.publishMaxBytes());
        assertEquals(Optional.empty(), config.publisherKey());
        assertEquals(List.of(), config.corsOrigins());
        assertFalse(config.subscriptions());
        assertEquals(1_000, config.subscriptionsMaxListed());
    }

    @Test
    void subscriptionEventsAreSwitchedOnAndTheirListBounded() {
        HeraldConfig config = from(Map.of(HeraldConfig.SUBSCRIPTIONS, "true",
                HeraldConfig.SUBSCRIPTIONS_MAX_LISTED, "50"));
        assertTrue(config.subscriptions());
        assertEquals(50, config.subscriptionsMaxListed());
        assertMessage(HeraldConfig.SUBSCRIPTIONS, "yes", "herald.subscriptions = 'yes' must be true or false");
        assertMessage(HeraldConfig.SUBSCRIPTIONS_MAX_LISTED, "0",
                "herald.subscriptions.max-listed = 0 must be between 1 and 100000");
        assertMessage(HeraldConfig.SUBSCRIPTIONS_MAX_LISTED, "100001",
                "herald.subscriptions.max-listed = 100001 must be between 1 and 100000");
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
    void jwksUrlsAreAnAlternativeToKeysPerRole() {
        HeraldConfig defaults = HeraldConfig.defaults();
        assertEquals(Optional.empty(), defaults.publisherJwksUrl());
        assertEquals(Duration.ofMinutes(5), defaults.jwksRefresh());
        assertEquals(Duration.ofSeconds(2), defaults.jwksTimeout());
        URI idp = URI.create("https://idp.example.com/realms/acme/protocol/openid-connect/certs");
        HeraldConfig shared = from(Map.of(HeraldConfig.PUBLISHER_JWKS_URL, " " + idp + " "));
        assertEquals(Optional.of(idp), shared.publisherJwksUrl());
        assertEquals(Optional.of(idp), shared.subscriberJwksUrl(), "subscribers fall back to the publishers' set");
        assertEquals(Optional.empty(), shared.subscriberKey());
        HeraldConfig split = from(Map.of(HeraldConfig.PUBLISHER_JWKS_URL, idp.toString(),
                HeraldConfig.SUBSCRIBER_KEY, "the-subscribers-secret-of-32-bytes!"));
        assertEquals(Optional.empty(), split.subscriberJwksUrl(), "a subscriber key replaces the fallback");
        HeraldConfig reverse = from(Map.of(HeraldConfig.PUBLISHER_KEY, "the-publishers-secret-of-32-bytes!!",
                HeraldConfig.SUBSCRIBER_JWKS_URL, idp.toString()));
        assertEquals(Optional.empty(), reverse.subscriberKey(), "a subscriber JWKS URL replaces the fallback");
        assertTrue(shared.toString().contains("herald.jwt.subscriber.jwks-url=" + idp), shared.toString());
    }

    @Test
    void jwksUrlsThatCannotBeFetchedOrCompeteWithAKeyAreRefused() {
        assertMessage(HeraldConfig.PUBLISHER_JWKS_URL, "file:///etc/jwks.json", "herald.jwt.publisher.jwks-url ="
                + " 'file:///etc/jwks.json' cannot be fetched: it must be an https:// (or http://) URL");
        assertMessage(HeraldConfig.SUBSCRIBER_JWKS_URL, "https://exa mple.com/", "herald.jwt.subscriber.jwks-url ="
                + " 'https://exa mple.com/' cannot be fetched: it is not a URL");
        assertMessage(HeraldConfig.PUBLISHER_JWKS_URL, "https:///certs", "herald.jwt.publisher.jwks-url ="
                + " 'https:///certs' cannot be fetched: it has no host");
        assertMessage(HeraldConfig.PUBLISHER_JWKS_URL, "https://user:pw@idp.example.com/certs",
                "herald.jwt.publisher.jwks-url = 'https://user:pw@idp.example.com/certs' cannot be fetched: it must"
                        + " not hold a user name or password");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> from(Map.of(
                HeraldConfig.SUBSCRIBER_KEY, "the-subscribers-secret-of-32-bytes!",
                HeraldConfig.SUBSCRIBER_JWKS_URL, "https://idp.example.com/certs")));
        assertEquals("herald.jwt.subscriber.key and herald.jwt.subscriber.jwks-url are both set; set only one of"
                + " them: a fixed key, or the JWK Set URL its keys are fetched from", both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> from(Map.of(
                HeraldConfig.PUBLISHER_KEY, "the-publishers-secret-of-32-bytes!!",
                HeraldConfig.PUBLISHER_JWKS_URL, "https://idp.example.com/certs")));
        assertMessage(HeraldConfig.JWKS_TIMEOUT, "0", "herald.jwt.jwks.timeout = PT0S is too short");
        assertMessage(HeraldConfig.JWKS_REFRESH, "soon", "herald.jwt.jwks.refresh = 'soon' is not a duration");
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

    @Test
    void durationsThatOverflowNameTheirKey() {
        for (String value : List.of("99999999999999999999s", "9999999999999999h", "PT9999999999999999H",
                "P999999999999999D", "99999999999999999999")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> from(Map.of(HeraldConfig.HEARTBEAT, value)), value);
            assertTrue(error.getMessage().startsWith("herald.heartbeat = '" + value + "' is too long; at most"
                    + " 2147483647 ms"), error.getMessage());
        }
    }

    @Test
    void durationsHaveBounds() {
        assertEquals(Durations.MAX, from(Map.of(HeraldConfig.WRITE_TIMEOUT, "2147483647")).writeTimeout());
        assertMessage(HeraldConfig.WRITE_TIMEOUT, "2147483648", "herald.write-timeout = '2147483648' is too long");
        assertMessage(HeraldConfig.RETRY, "P25D", "herald.retry = 'P25D' is too long");
        assertMessage(HeraldConfig.PUBLISH_READ_TIMEOUT, "PT0.0001S",
                "herald.publish.read-timeout = PT0.0001S is too short; at least 1 ms");
        assertMessage(HeraldConfig.COUNTER_PERIOD, "PT-1S", "herald.counter.period = PT-1S is too short");
        assertMessage(HeraldConfig.HEARTBEAT, "0", "herald.heartbeat = PT0S is too short");
        assertMessage(HeraldConfig.IDLE_PROBE, "PT-1S", "herald.idle-probe = PT-1S is too short");
        assertEquals(Duration.ZERO, from(Map.of(HeraldConfig.IDLE_PROBE, "0")).idleProbe(), "0 turns it off");
    }

    @Test
    void wholeNumbersThatOverflowNameTheirKey() {
        assertMessage(HeraldConfig.QUEUE_SIZE, "99999999999999999999",
                "herald.queue.size = '99999999999999999999' is not a whole number");
        assertMessage(HeraldConfig.QUEUE_SIZE, "2147483648", "herald.queue.size = 2147483648 is out of range");
        // Read as a long and cast, this would wrap around to 1.
        assertMessage(HeraldConfig.HISTORY_SIZE, "-4294967295", "herald.history.size = -4294967295 is out of range");
        assertMessage(HeraldConfig.HISTORY_MAX_BYTES, "9223372036854775808",
                "herald.history.max-bytes = '9223372036854775808' is not a whole number");
    }

    @Test
    void theHistoryAndPublishBodiesHaveBoundsWhateverTheHeap() {
        assertEquals(HeraldConfig.HISTORY_SIZE_MAX, from(Map.of(HeraldConfig.HISTORY_SIZE, "1000000"),
                Long.MAX_VALUE).historySize());
        assertMessage(HeraldConfig.HISTORY_SIZE, "1000001",
                "herald.history.size = 1000001 must be between 1 and 1000000");
        assertEquals(64 * 1024 * 1024, from(Map.of(HeraldConfig.PUBLISH_MAX_BYTES, "67108864"), Long.MAX_VALUE)
                .publishMaxBytes());
        // The request reads max-bytes + 1: Integer.MAX_VALUE would overflow at the first publish.
        assertMessage(HeraldConfig.PUBLISH_MAX_BYTES, "2147483647",
                "herald.publish.max-bytes = 2147483647 must be between 1 and 67108864 (64 MiB)");
    }

    @Test
    void whatCannotFitTheHeapStopsTheDeployment() {
        long heap = 256L * 1024 * 1024;
        HeraldConfig fits = from(Map.of(), heap);
        assertEquals(64L * 1024 * 1024, fits.historyMaxBytes());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(HeraldConfig.HISTORY_MAX_BYTES, "67108865"), heap));
        assertEquals("herald.history.max-bytes = 67108865 cannot fit the heap: the hub's history may take at most a"
                + " quarter of it, so at most 67108864 with this JVM's maximum heap of 256 MiB. Lower"
                + " herald.history.max-bytes or give the server more heap (-Xmx).", error.getMessage());

        from(Map.of(HeraldConfig.HISTORY_SIZE, "262144"), heap);
        error = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(HeraldConfig.HISTORY_SIZE, "262145"), heap));
        assertTrue(error.getMessage().startsWith("herald.history.size = 262145 cannot fit the heap"),
                error.getMessage());
        assertTrue(error.getMessage().contains("at most 262144"), error.getMessage());

        from(Map.of(HeraldConfig.PUBLISH_MAX_BYTES, "16777216"), heap);
        error = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(HeraldConfig.PUBLISH_MAX_BYTES, "16777217"), heap));
        assertTrue(error.getMessage().startsWith("herald.publish.max-bytes = 16777217 cannot fit the heap: one"
                + " publish body may take at most a sixteenth of it, so at most 16777216"), error.getMessage());
    }

    @Test
    void theTextFormNeverShowsTheKeys() {
        String text = from(Map.of(HeraldConfig.PUBLISHER_KEY, "the-publishers-secret-of-32-bytes!!",
                HeraldConfig.SUBSCRIBER_KEY, "the-subscribers-secret-of-32-bytes!")).toString();
        assertFalse(text.contains("secret"), text);
        assertTrue(text.contains("herald.jwt.publisher.key=(set)"), text);
        assertTrue(text.contains("herald.history.size=10000"), text);
        assertTrue(HeraldConfig.defaults().toString().contains("herald.jwt.subscriber.key=(none)"));
    }

    private static void assertMessage(String key, String value, String start) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of(key, value), Long.MAX_VALUE));
        assertTrue(error.getMessage().startsWith(start), error.getMessage());
    }

    private static HeraldConfig from(Map<String, String> values, long maxHeap) {
        return HeraldConfig.from(key -> Optional.ofNullable(values.get(key)), maxHeap);
    }

    private static HeraldConfig from(Map<String, String> values) {
        return HeraldConfig.from(key -> Optional.ofNullable(values.get(key)));
    }
}
