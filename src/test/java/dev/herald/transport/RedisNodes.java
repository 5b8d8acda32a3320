package dev.herald.transport;

import dev.herald.config.RedisAddress;
import dev.herald.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@code redis-server} for a test class, and the nodes ({@link RedisTransport}s) its tests start on it: the server
 * starts before the first test and stops after the last; the nodes of a test are closed after it.
 */
final class RedisNodes implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** How long a node waits for Redis. */
    static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final List<RedisTransport> started = new ArrayList<>();
    private RedisServer redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisServer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Transport::close);
        started.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        redis.close();
    }

    RedisServer redis() {
        return redis;
    }

    /** A key prefix no other test uses: a cluster of its own on the shared server. */
    static String newPrefix(String name) {
        return name + PREFIXES.incrementAndGet();
    }

    /** A node of the cluster whose keys start with {@code prefix}. */
    RedisTransport node(String prefix, int historySize, long historyMaxBytes) {
        RedisAddress address = RedisAddress.parse("herald.transport", redis.url());
        RedisTransport node = new RedisTransport(TransportProducer.client(address, (int) TIMEOUT.toMillis()),
                address.toString(), prefix, historySize, historyMaxBytes, TIMEOUT, Thread::new);
        started.add(node);
        return node;
    }
}
