package dev.herald.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Sentinel the cluster tests start names the Redis it watches. */
class RedisSentinelTest {

    @Test
    void namesTheMastersAddress() {
        try (RedisServer redis = RedisServer.start(); RedisSentinel sentinel = RedisSentinel.start(redis)) {
            assertEquals("redis-sentinel://127.0.0.1:" + sentinel.port() + "/herald", sentinel.url());
            assertEquals("127.0.0.1\n" + redis.port(),
                    sentinel.command("SENTINEL", "get-master-addr-by-name", "herald"));
        }
    }
}
