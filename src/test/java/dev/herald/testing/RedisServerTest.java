package dev.herald.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Redis the cluster tests start: its data outlives restarts and crashes, and a pause holds commands back. */
class RedisServerTest {

    @Test
    void answersOnItsOwnPort() {
        try (RedisServer redis = RedisServer.start()) {
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.url());
            assertEquals("PONG", redis.command("PING"));
            assertTrue(redis.command("CONFIG", "GET", "appendonly").endsWith("yes"));
            assertTrue(redis.command("CONFIG", "GET", "maxmemory-policy").endsWith("noeviction"));
        }
    }

    @Test
    void streamEntriesSurviveARestart() {
        try (RedisServer redis = RedisServer.start()) {
            String first = redis.command("XADD", "herald:test", "*", "data", "one");
            String second = redis.command("XADD", "herald:test", "*", "data", "two");

            redis.restart();

            assertEquals(List.of(first, "data", "one", second, "data", "two"),
                    List.of(redis.command("XRANGE", "herald:test", "-", "+").split("\n")));
        }
    }

    @Test
    void streamEntriesSurviveAKillOnceSynced() throws InterruptedException {
        try (RedisServer redis = RedisServer.start()) {
            redis.command("XADD", "herald:test", "*", "data", "one");
            // appendfsync everysec: what was written more than a second ago is on disk.
            Thread.sleep(1_500);

            redis.kill();
            assertThrows(UncheckedIOException.class, () -> redis.command("PING"));
            redis.restart();

            assertEquals("1", redis.command("XLEN", "herald:test"));
        }
    }

    @Test
    void aPauseHoldsCommandsBack() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            redis.pause(Duration.ofSeconds(1));
            long start = System.nanoTime();
            CompletableFuture<String> write = CompletableFuture.supplyAsync(
                    () -> redis.command("XADD", "herald:test", "*", "data", "late"));

            Thread.sleep(300);
            assertFalse(write.isDone(), "a command went through the pause");
            write.get(5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(900).toNanos());
            assertEquals("1", redis.command("XLEN", "herald:test"));
        }
    }
}
