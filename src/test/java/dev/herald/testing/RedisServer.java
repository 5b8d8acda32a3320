package dev.herald.testing;

import java.time.Duration;

/**
 * Debian's {@code redis-server} on a free port of 127.0.0.1, for the cluster tests: its own temporary data directory,
 * persistence as a production hub would have it (an append-only file synced every second, no snapshots), and
 * {@code noeviction}, so that a full Redis refuses writes instead of silently dropping streams. A test can stop it,
 * kill it, restart it on the same port with the same data, and pause it.
 */
public final class RedisServer implements AutoCloseable {

    private final RedisProcess redis;

    private RedisServer(RedisProcess redis) {
        this.redis = redis;
    }

    /** Starts a Redis and waits until it answers. */
    public static RedisServer start() {
        int port = FreePorts.any();
        RedisServer server = new RedisServer(new RedisProcess("/usr/bin/redis-server", port, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "daemonize no",
                "logfile \"\"",
                "appendonly yes",
                "appendfsync everysec",
                "save \"\"",
                "maxmemory-policy noeviction",
                "")));
        server.redis.start(RedisServer::ready);
        return server;
    }

    public int port() {
        return redis.port();
    }

    /** The address Herald's {@code herald.transport} takes: {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return "redis://127.0.0.1:" + redis.port();
    }

    /** Sends one command on a connection of its own; see {@link RedisClient#command} for the reply's text. */
    public String command(String... args) {
        return redis.command(args);
    }

    /** Holds back every client's commands for {@code duration} ({@code CLIENT PAUSE ms ALL}); returns at once. */
    public void pause(Duration duration) {
        redis.command("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
    }

    /** Shuts Redis down cleanly ({@code SHUTDOWN}): the append-only file then holds every write it acknowledged. */
    public void stop() {
        redis.stop();
    }

    /** Kills Redis with SIGKILL, as a crash would. */
    public void kill() {
        redis.kill();
    }

    /**
     * Starts Redis again on the same port with the same data, stopping it first if it still runs, and waits until it
     * answers and has loaded its append-only file.
     */
    public void restart() {
        redis.stop();
        redis.start(RedisServer::ready);
    }

    /** Stops Redis and deletes its directory. */
    @Override
    public void close() {
        redis.close();
    }

    /** PING fails with -LOADING while Redis reads its data; INFO says so too, for certainty. */
    private static boolean ready(RedisProcess redis) {
        return "PONG".equals(redis.command("PING")) && redis.command("INFO", "persistence").contains("loading:0");
    }
}
