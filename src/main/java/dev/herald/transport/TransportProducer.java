package dev.herald.transport;

import dev.herald.ContainerThreads;
import dev.herald.config.HeraldConfig;
import dev.herald.config.RedisAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one place that decides which {@link Transport} the hub runs on ({@code herald.transport}: {@code local}, or a
 * Redis URL for a cluster), and closes it when the application stops.
 */
@ApplicationScoped
public class TransportProducer {

    private static final Logger LOG = Logger.getLogger(TransportProducer.class.getName());
    /** Connections for publishers at once, besides the follower's; more wait at most herald.redis.timeout. */
    private static final int POOL_SIZE = 32;

    @Produces
    @ApplicationScoped
    Transport transport(HeraldConfig config) {
        return create(config, ContainerThreads.factory());
    }

    /** The transport {@code config} asks for, its threads from {@code threads}. */
    public static Transport create(HeraldConfig config, ThreadFactory threads) {
        if (config.redis().isEmpty()) {
            return new LocalTransport(config.historySize(), config.historyMaxBytes(), threads);
        }
        RedisAddress address = config.redis().get();
        LOG.info(() -> "Herald runs as a cluster node on Redis at " + address + ", keys under "
                + config.redisPrefix() + ":");
        return new RedisTransport(client(address, (int) config.redisTimeout().toMillis()), address.toString(),
                config.redisPrefix(), config.historySize(), config.historyMaxBytes(), config.redisTimeout(), threads);
    }

    void close(@Disposes Transport transport) {
        transport.close();
    }

    /**
     * A pooled client whose every command gives up after {@code timeoutMillis}; blocking reads wait that long longer
     * than they asked Redis to block.
     */
    static UnifiedJedis client(RedisAddress address, int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .blockingSocketTimeoutMillis(RedisTransport.BLOCK_MILLIS + timeoutMillis)
                .user(address.user())
                .password(address.password())
                .database(address.database())
                .ssl(address.tls())
                .clientName("herald");
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(POOL_SIZE + 1);
        pool.setMaxIdle(POOL_SIZE + 1);
        pool.setMaxWait(java.time.Duration.ofMillis(timeoutMillis));
        // No MBean per pool: nothing of the application's is left in the server's MBean server.
        pool.setJmxEnabled(false);
        if (!address.sentinel()) {
            return RedisClient.builder().hostAndPort(HostAndPort.from(address.hosts().get(0)))
                    .clientConfig(config.build()).poolConfig(pool).build();
        }
        Set<HostAndPort> sentinels = new HashSet<>();
        address.hosts().forEach(host -> sentinels.add(HostAndPort.from(host)));
        JedisClientConfig sentinelConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis).build();
        return RedisSentinelClient.builder().masterName(address.master()).sentinels(sentinels)
                .clientConfig(config.build()).sentinelClientConfig(sentinelConfig).poolConfig(pool).build();
    }
}
