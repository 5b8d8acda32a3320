package dev.herald.transport;

import dev.herald.hub.DuplicateIdException;
import dev.herald.hub.History;
import dev.herald.hub.HubUnavailableException;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The log of a cluster: one Redis stream that every node appends to and follows. An update is appended by a script
 * that numbers it and keeps the stream within the history's bounds atomically (see {@code append.lua}); a publish is
 * acknowledged only once Redis has it. Each node follows the stream on a thread of its own with {@code XREAD BLOCK},
 * always from the last entry it handed on (never {@code $}, which would skip what arrived while it was away), and keeps
 * a copy of the kept updates in memory: replays and {@code Last-Event-ID} lookups are answered from that copy, so
 * subscribers go on being served while Redis is away, and a reconnect storm costs Redis nothing.
 *
 * <p>Each entry names the id of the one before it. When a follower meets an entry that does not follow the one it
 * handed on last (Redis lost entries, as an asynchronous replica's failover can, or trimmed them before this node saw
 * them), it tells the hub, which disconnects its subscribers so that they reconnect and get a gap event rather than
 * silence, and reloads its copy from the stream.
 */
public final class RedisTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(RedisTransport.class.getName());
    private static final String SCRIPT = script();
    /** How long one XREAD waits for new entries; also how soon the follower notices it is being closed. */
    static final int BLOCK_MILLIS = 1_000;
    private static final int READ_BATCH = 512;
    /** How long the follower waits before trying an unreachable Redis again. */
    private static final Duration RETRY = Duration.ofMillis(250);
    /**
     * How many {@code Last-Event-ID}s unknown to this node's copy may be looked up in Redis at once. Anyone may send an
     * id, so lookups get a few of the pool's connections, never all: past that, an unknown id is unknown.
     */
    private static final int LOOKUPS_AT_ONCE = 4;
    private static final Duration STATUS_EVERY = Duration.ofSeconds(1);
    /** {@code append.lua}'s answer when the update's id is still kept. */
    static final long DUPLICATE = -1;

    private final UnifiedJedis redis;
    private final String description;
    private final String prefix;
    private final String stream;
    private final List<String> keys;
    private final int historySize;
    private final long historyMaxBytes;
    private final Duration timeout;
    private final Clock clock;
    private final String scriptSha;
    private final Thread followerThread;
    private final Object progress = new Object();
    private final Semaphore lookups = new Semaphore(LOOKUPS_AT_ONCE);
    private final RedisRoster roster;
    private volatile History mirror;
    private volatile Follower follower;
    private volatile boolean running = true;
    private volatile boolean connected = true;
    private long followed;
    /**
     * The stream's newest position when this node began reading it from the start (-1 until it has): what a fresh
     * subscriber starts after while the copy is still being read, so that it is not sent the history as if it were new.
     */
    private volatile long readingUpTo = -1;
    private volatile TransportStatus lastStatus;
    private volatile long lastStatusAt;
    private String followedId;

    /**
     * @param redis           a client whose connections time out after {@code timeout} and whose blocking reads wait
     *                        longer than one {@code XREAD BLOCK}
     * @param description     where Redis is, without secrets, for logs and {@code /api/status}
     * @param prefix          the prefix of every key Herald uses ({@code herald.redis.prefix})
     * @param historySize     how many updates the stream keeps, across the cluster
     * @param historyMaxBytes how many bytes they may hold
     * @param timeout         how long a publish may wait for Redis ({@code herald.redis.timeout})
     * @param threads         where the follower thread comes from: the container's managed thread factory
     */
    public RedisTransport(UnifiedJedis redis, String description, String prefix, int historySize,
                          long historyMaxBytes, Duration timeout, ThreadFactory threads) {
        this.redis = redis;
        this.description = description;
        this.prefix = prefix;
        this.stream = prefix + ":updates";
        this.keys = List.of(stream, prefix + ":ids", prefix + ":bytes");
        this.historySize = historySize;
        this.historyMaxBytes = historyMaxBytes;
        this.timeout = timeout;
        this.clock = Clock.systemUTC();
        this.scriptSha = sha1(SCRIPT);
        this.mirror = new History(historySize, historyMaxBytes);
        this.roster = new RedisRoster(this, redis, prefix);
        try {
            readingUpTo = newestInRedis();
        } catch (JedisException e) {
            LOG.warning(() -> "Redis at " + description + " does not answer (" + e.getMessage() + "); this node"
                    + " starts anyway, and answers publishes 503 until it does.");
        }
        followerThread = threads.newThread(this::followStream);
        followerThread.setName("herald-redis-follower");
        followerThread.start();
    }

    @Override
    public long append(Update update) {
        long position = append(update, List.of(), List.of());
        if (position == DUPLICATE) {
            throw new DuplicateIdException(update.id());
        }
        return position;
    }

    /**
     * Runs {@code append.lua}, with the keys and arguments of its optional step that records a subscription.
     *
     * @return the update's position, or one of the script's negative answers ({@link #DUPLICATE}, …)
     */
    long append(Update update, List<String> moreKeys, List<String> moreArgs) {
        JsonArrayBuilder topics = Json.createArrayBuilder();
        update.topics().forEach(topics::add);
        List<String> args = new ArrayList<>(List.of(update.id(), topics.build().toString(),
                update.isPrivate() ? "1" : "0", new String(update.frame(), StandardCharsets.UTF_8),
                Long.toString(update.footprint()), Long.toString(clock.millis()), Integer.toString(historySize),
                Long.toString(historyMaxBytes)));
        args.addAll(moreArgs);
        List<String> allKeys = new ArrayList<>(keys);
        allKeys.addAll(moreKeys);
        try {
            return (Long) evalAppend(allKeys, args);
        } catch (JedisException e) {
            throw new HubUnavailableException("Redis (" + description + ") did not confirm the update within "
                    + timeout.toMillis() + " ms (herald.redis.timeout): " + e.getMessage() + ". Publish it again"
                    + " in a second; when it has an id of yours, 409 then means that this try got through.", e);
        }
    }

    private Object evalAppend(List<String> allKeys, List<String> args) {
        try {
            return redis.evalsha(scriptSha, allKeys, args);
        } catch (JedisNoScriptException e) {
            // Redis restarted, or never saw the script: EVAL sends it and Redis keeps it for the next EVALSHA.
            return redis.eval(SCRIPT, allKeys, args);
        }
    }

    /**
     * The kept entry of this id. One that this node has not followed yet (it is behind the stream, or just started) is
     * looked up in Redis and waited for, at most {@code herald.redis.timeout}: a subscriber that reconnects here from
     * another node must not be told its id is unknown only because this node is a little behind. At most
     * {@value #LOOKUPS_AT_ONCE} lookups run at once.
     */
    @Override
    public History.Entry find(String id) {
        History.Entry kept = mirror.find(id);
        if (kept != null || !lookups.tryAcquire()) {
            return kept;
        }
        try {
            Double position = redis.zscore(keys.get(1), id);
            return position != null && awaitFollowed(position.longValue()) ? mirror.find(id) : null;
        } catch (JedisException e) {
            return null;
        } finally {
            lookups.release();
        }
    }

    @Override
    public List<History.Entry> after(long position, int maxEntries) {
        return mirror.after(position, maxEntries);
    }

    @Override
    public History.Head head(List<TopicSelector> allowed) {
        History.Head head = mirror.head(allowed);
        long end = readingUpTo;
        return end > head.newest() ? new History.Head(end, head.oldest(), head.lastEventId()) : head;
    }

    @Override
    public void follow(Follower follower) {
        this.follower = follower;
    }

    @Override
    public Lease lease(String name) {
        return new RedisLease(redis, prefix + ":lease:" + name);
    }

    @Override
    public Roster roster() {
        return roster;
    }

    /** At most one computation a second, however often anyone asks: each costs two Redis round trips. */
    @Override
    public TransportStatus status() {
        TransportStatus last = lastStatus;
        if (last != null && System.nanoTime() - lastStatusAt < STATUS_EVERY.toNanos()) {
            return last;
        }
        lastStatus = currentStatus();
        lastStatusAt = System.nanoTime();
        return lastStatus;
    }

    private TransportStatus currentStatus() {
        long handedOn;
        synchronized (progress) {
            handedOn = followed;
        }
        try {
            long last = Math.max(handedOn, newestInRedis());
            List<StreamEntry> waiting = redis.xrange(stream, "(0-" + handedOn, "+", 1);
            long lagMillis = waiting.isEmpty() ? 0
                    : Math.max(0, clock.millis() - Long.parseLong(waiting.get(0).getFields().get("time")));
            return new TransportStatus(description, Math.max(0, last - handedOn), lagMillis, true);
        } catch (JedisException e) {
            return new TransportStatus(description, 0, 0, false);
        }
    }

    @Override
    public void close() {
        running = false;
        followerThread.interrupt();
        redis.close();
    }

    private void followStream() {
        LOG.info(() -> "Following the stream " + stream + " at " + description);
        while (running) {
            try {
                if (readingUpTo < 0) {
                    readingUpTo = newestInRedis();
                }
                List<Map.Entry<String, List<StreamEntry>>> read = redis.xread(
                        XReadParams.xReadParams().count(READ_BATCH).block(BLOCK_MILLIS),
                        Map.of(stream, new StreamEntryID(0, followed)));
                if (!connected && !connectedAgain()) {
                    continue;
                }
                if (read != null) {
                    handOn(read.get(0).getValue());
                }
            } catch (JedisException e) {
                if (running) {
                    lost(e);
                }
            } catch (Throwable e) {
                LOG.log(Level.SEVERE, "Following " + stream + " failed; going on", e);
                pause();
            }
        }
    }

    /** Hands on a batch of entries in order, unless one of them does not follow the one before. */
    private void handOn(List<StreamEntry> entries) {
        for (StreamEntry entry : entries) {
            long position = entry.getID().getSequence();
            Map<String, String> fields = entry.getFields();
            if (followed > 0 && (position != followed + 1 || !followedId.equals(fields.get("previous")))) {
                reanchor("went on at entry " + entry.getID());
                return;
            }
            Update update = update(fields);
            History.Entry kept;
            try {
                kept = mirror.add(position, update);
            } catch (DuplicateIdException e) {
                LOG.severe(() -> "The stream " + stream + " holds the id " + update.id() + " twice; skipping "
                        + entry.getID() + ". Was it written to by something other than Herald?");
                advance(position, update.id());
                continue;
            }
            advance(position, update.id());
            Follower current = follower;
            if (current != null) {
                current.onEntry(kept);
            }
        }
    }

    /**
     * Redis answers again after it did not: it may have restarted from an older copy of the stream (an AOF that missed
     * its last second, a replica promoted before it had everything). The entry handed on last must still be there.
     *
     * @return whether following can go on from it; else the copy is read again from the start
     */
    private boolean connectedAgain() {
        connected = true;
        if (followed > 0) {
            List<StreamEntry> last = redis.xrange(stream, "0-" + followed, "0-" + followed, 1);
            if (last.isEmpty() || !followedId.equals(last.get(0).getFields().get("id"))) {
                reanchor("no longer holds entry 0-" + followed);
                return false;
            }
        }
        LOG.info(() -> "Redis at " + description + " answers; following " + stream + " after entry 0-" + followed);
        return true;
    }

    /**
     * The stream does not go on from the last entry handed on: tell the hub, forget the copy, and read the stream again
     * from its start.
     */
    private void reanchor(String what) {
        LOG.warning(() -> "The stream " + stream + " " + what + " after entry 0-" + followed + " (" + followedId
                + "): Redis lost or trimmed updates before this node saw them. Subscribers here are disconnected so"
                + " that they reconnect and learn of the gap, and the history is read again.");
        readingUpTo = newestInRedis();
        mirror = new History(historySize, historyMaxBytes);
        synchronized (progress) {
            followed = 0;
            followedId = null;
        }
        Follower current = follower;
        if (current != null) {
            current.onDiscontinuity();
        }
    }

    /** The position of the stream's newest entry, or 0 when it has none. */
    private long newestInRedis() {
        List<StreamEntry> newest = redis.xrevrange(stream, "+", "-", 1);
        return newest.isEmpty() ? 0 : newest.get(0).getID().getSequence();
    }

    private void advance(long position, String id) {
        synchronized (progress) {
            followed = position;
            followedId = id;
            progress.notifyAll();
        }
    }

    /** Waits until the follower has handed on {@code position}, at most {@code herald.redis.timeout}. */
    private boolean awaitFollowed(long position) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (followed < position) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private static Update update(Map<String, String> fields) {
        List<String> topics = Json.createReader(new StringReader(fields.get("topics"))).readArray()
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        return new Update(fields.get("id"), topics, "1".equals(fields.get("private")),
                fields.get("frame").getBytes(StandardCharsets.UTF_8));
    }

    private void lost(JedisException e) {
        if (connected) {
            LOG.warning(() -> "Redis at " + description + " does not answer (" + e.getMessage() + "); open streams"
                    + " stay open, publishing answers 503 until it is back. Retrying every " + RETRY.toMillis()
                    + " ms.");
        }
        connected = false;
        pause();
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String script() {
        try (InputStream in = RedisTransport.class.getResourceAsStream("append.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
