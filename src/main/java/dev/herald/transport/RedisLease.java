package dev.herald.transport;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link Lease} in one Redis key whose value names the holder; taking, renewing and giving it up each check that
 * value in the same atomic step, so a node never renews or deletes a lease that ran out and went to another.
 */
final class RedisLease implements Lease {

    private static final Logger LOG = Logger.getLogger(RedisLease.class.getName());
    private static final String ACQUIRE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
                return 1
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0""";

    private final UnifiedJedis redis;
    private final String key;
    private final String holder = UUID.randomUUID().toString();
    private volatile boolean held;

    RedisLease(UnifiedJedis redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    @Override
    public boolean acquire(Duration ttl) {
        boolean now;
        try {
            now = Long.valueOf(1).equals(redis.eval(ACQUIRE, List.of(key), List.of(holder,
                    Long.toString(ttl.toMillis()))));
        } catch (JedisException e) {
            now = false;
        }
        if (now != held) {
            boolean taken = now;
            LOG.info(() -> (taken ? "This node took the lease " : "This node no longer holds the lease ") + key);
        }
        held = now;
        return now;
    }

    @Override
    public boolean held() {
        return held;
    }

    @Override
    public void release() {
        try {
            redis.eval(RELEASE, List.of(key), List.of(holder));
        } catch (JedisException e) {
            // It runs out by itself.
        }
        held = false;
    }
}
