package dev.herald.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code herald.*} settings the cluster tests give their nodes: one publisher key, anonymous subscribers, and
 * heartbeats often enough that a test sees some within seconds.
 */
final class NodeSettings {

    /** The HS256 key that every node verifies publishers' tokens with. */
    static final String PUBLISHER_KEY = "herald-cluster-tests-secret-key-0123456789";
    /** The prefix of the nodes' Redis keys: the stream is {@value}{@code :updates}. */
    static final String REDIS_PREFIX = "herald-cluster";
    /**
     * How long a publish waits for Redis. Shorter than the default 2 s so that the tests of an unreachable Redis are
     * quick, yet well above what a publish takes on a loaded two-core machine.
     */
    static final String REDIS_TIMEOUT = "1s";

    private NodeSettings() {
    }

    /** What every node gets, whatever its transport. */
    static Map<String, String> local() {
        return Map.of(
                "herald.jwt.publisher.key", PUBLISHER_KEY,
                "herald.anonymous", "true",
                "herald.heartbeat", "5s");
    }

    /** A node of the cluster whose Redis {@code transport} names ({@code redis://…} or {@code redis-sentinel://…}). */
    static Map<String, String> cluster(String transport) {
        Map<String, String> settings = new HashMap<>(local());
        settings.put("herald.transport", transport);
        settings.put("herald.redis.prefix", REDIS_PREFIX);
        settings.put("herald.redis.timeout", REDIS_TIMEOUT);
        return Map.copyOf(settings);
    }
}
