package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.TestConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisAddressTest {

    @Test
    void readsEveryPartOfAPlainUrl() {
        RedisAddress address = RedisAddress.parse("k", "redis://herald:s%40cret@redis.example:6380/2");
        assertEquals(List.of("redis.example:6380"), address.hosts());
        assertEquals("herald", address.user());
        assertEquals("s@cret", address.password());
        assertEquals(2, address.database());
        assertFalse(address.tls());
        assertFalse(address.sentinel());
        assertEquals("redis://herald:***@redis.example:6380/2", address.toString(), "the password is never shown");
    }

    @Test
    void fillsInDefaults() {
        RedisAddress plain = RedisAddress.parse("k", "redis://localhost");
        assertEquals(List.of("localhost:6379"), plain.hosts());
        assertEquals(0, plain.database());
        assertEquals(null, plain.password());
        assertTrue(RedisAddress.parse("k", "rediss://:secret@localhost").tls());
        assertEquals("secret", RedisAddress.parse("k", "rediss://:secret@localhost").password());
    }

    @Test
    void readsSentinelsAndTheMastersName() {
        RedisAddress address = RedisAddress.parse("k", "redis-sentinel://:pw@s1:26380,s2/mymaster/3");
        assertTrue(address.sentinel());
        assertEquals(List.of("s1:26380", "s2:26379"), address.hosts());
        assertEquals("mymaster", address.master());
        assertEquals(3, address.database());
        assertEquals("redis-sentinel://:***@s1:26380,s2:26379/mymaster/3", address.toString());
    }

    @Test
    void refusesWhatItCannotReadNamingTheKeyAndHidingThePassword() {
        for (String url : List.of("http://localhost", "localhost:6379", "redis://:pw@host/x", "redis://:pw@host/1/2",
                "redis-sentinel://:pw@host", "redis://:pw@:6379")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> RedisAddress.parse("herald.transport", url), url);
            assertTrue(refused.getMessage().startsWith("herald.transport"), refused.getMessage());
            assertFalse(refused.getMessage().contains("pw"), refused.getMessage());
        }
    }

    @Test
    void theConfigurationTakesLocalOrAUrl() {
        assertTrue(HeraldConfig.defaults().redis().isEmpty());
        assertTrue(TestConfig.of(HeraldConfig.TRANSPORT, "local").redis().isEmpty());
        assertEquals(List.of("h:1"), TestConfig.of(HeraldConfig.TRANSPORT, "redis://h:1").redis()
                .orElseThrow().hosts());
        assertThrows(IllegalArgumentException.class,
                () -> TestConfig.of(HeraldConfig.REDIS_PREFIX, "has space"));
        assertThrows(IllegalArgumentException.class,
                () -> TestConfig.of(HeraldConfig.REDIS_TIMEOUT, "0ms"));
    }
}
