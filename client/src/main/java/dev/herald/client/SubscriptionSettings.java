package dev.herald.client;

import java.time.Duration;

/**
 * How every subscription of a client behaves; see {@link HeraldClient.Builder} for each.
 */
record SubscriptionSettings(Duration connectTimeout, Duration reconnectDelay, Duration maxReconnectDelay,
                            Duration idleTimeout, int maxEventBytes) {
}
