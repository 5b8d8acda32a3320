package dev.herald.testing;

/**
 * Debian's {@code redis-sentinel} on a free port of 127.0.0.1, watching one {@link RedisServer} under the master name
 * {@value #MASTER}, with a quorum of one: what Herald's {@code redis-sentinel://} transport asks for the master.
 */
public final class RedisSentinel implements AutoCloseable {

    public static final String MASTER = "herald";

    private final RedisProcess sentinel;

    private RedisSentinel(RedisProcess sentinel) {
        this.sentinel = sentinel;
    }

    /** Starts a Sentinel watching {@code master} and waits until it names that master's address. */
    public static RedisSentinel start(RedisServer master) {
        int port = FreePorts.any();
        // Sentinel rewrites its configuration file (its id, what it learns of the master): the file must be its own.
        RedisSentinel sentinel = new RedisSentinel(new RedisProcess("/usr/bin/redis-sentinel", port, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "daemonize no",
                "logfile \"\"",
                "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 1",
                "")));
        sentinel.sentinel.start(redis -> redis.command("SENTINEL", "get-master-addr-by-name", MASTER) != null);
        return sentinel;
    }

    public int port() {
        return sentinel.port();
    }

    /** The address Herald's {@code herald.transport} takes: {@code redis-sentinel://127.0.0.1:PORT/herald}. */
    public String url() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "/" + MASTER;
    }

    /** Sends one command to the Sentinel on a connection of its own; see {@link RedisClient#command}. */
    public String command(String... args) {
        return sentinel.command(args);
    }

    /** Stops the Sentinel and deletes its directory. */
    @Override
    public void close() {
        sentinel.close();
    }
}
