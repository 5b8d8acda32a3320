package dev.herald.transport;

import dev.herald.hub.HubUnavailableException;
import dev.herald.hub.Presence;
import dev.herald.hub.Update;
import jakarta.json.JsonException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The cluster's active subscriptions, in Redis. Each node records its own in a hash {@code <prefix>:presence:<node>},
 * written by {@code append.lua} in the same step as the subscription event; holds the lease
 * {@code <prefix>:lease:node:<node>} while it lives, renewed every second; and is listed in the set
 * {@code <prefix>:nodes}. Every node, once a second, looks for listed nodes whose lease is gone, and the one that takes
 * {@code <prefix>:lease:reap:<node>} ends that node's subscriptions: it publishes each one's end and deletes it from
 * the hash in one step, so each end is published once, in the cluster's order, whoever does it and however often it is
 * tried. A node that died has its subscriptions ended within about five seconds: its lease runs out, and it is found
 * without a lease twice, a round apart (so that a Redis that was away, and let every lease run out at once, does not
 * get every node taken for dead).
 */
final class RedisRoster implements Roster {

    private static final Logger LOG = Logger.getLogger(RedisRoster.class.getName());
    static final Duration NODE_LEASE = Duration.ofSeconds(3);
    private static final Duration REAP_LEASE = Duration.ofSeconds(10);
    /**
     * How long a round may spend ending dead nodes' subscriptions, so that the announcing thread goes on announcing and
     * renewing this node's lease; the rest is ended in the next rounds.
     */
    static final Duration ENDING_PER_ROUND = Duration.ofMillis(300);
    private static final int SCAN_COUNT = 200;
    /** Forgets a node once it is without a lease and its hash is empty, as one step: it may have come back meanwhile. */
    private static final String FORGET = """
            if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('HLEN', KEYS[2]) == 0 then
                return redis.call('SREM', KEYS[1], ARGV[1])
            end
            return 0""";
    /** How many subscription lists a node reads from Redis at once: each one scans the hashes of every node. */
    private static final int LISTINGS_AT_ONCE = 2;
    private static final long NOT_DEAD = -3;

    private final RedisTransport transport;
    private final UnifiedJedis redis;
    private final String prefix;
    private final String nodes;
    private final String node = UUID.randomUUID().toString();
    private final Semaphore listings = new Semaphore(LISTINGS_AT_ONCE);
    // Touched by the announcing thread only.
    private Set<String> leaseless = Set.of();
    private final Map<String, Lease> endingLeases = new HashMap<>();
    private boolean registered;
    private boolean takenForDead;
    private boolean unreachable;
    private volatile boolean left;

    RedisRoster(RedisTransport transport, UnifiedJedis redis, String prefix) {
        this.transport = transport;
        this.redis = redis;
        this.prefix = prefix;
        this.nodes = prefix + ":nodes";
    }

    @Override
    public boolean announce(Presence.Event event) {
        String description = event.description() == null ? "" : event.description();
        return transport.append(event.update(), List.of(hash(node), lease(node)),
                List.of(event.subscription(), description, "holder")) >= 0;
    }

    @Override
    public String description(String subscription) {
        return listing(() -> {
            for (String listed : redis.smembers(nodes)) {
                String description = redis.hget(hash(listed), subscription);
                if (description != null) {
                    return description;
                }
            }
            return null;
        });
    }

    @Override
    public void forEach(String prefix, BiPredicate<String, String> visitor) {
        ScanParams params = new ScanParams().match(glob(prefix) + "*").count(SCAN_COUNT);
        listing(() -> {
            for (String listed : redis.smembers(nodes)) {
                if (!scan(hash(listed), params, visitor)) {
                    break;
                }
            }
            return null;
        });
    }

    /** Reads the roster for the API: a few at once, each within {@code herald.redis.timeout}. */
    private <T> T listing(Supplier<T> read) {
        if (!listings.tryAcquire()) {
            throw new HubUnavailableException("This server is reading as many subscription lists from Redis as it"
                    + " reads at once (" + LISTINGS_AT_ONCE + "): ask again in a second");
        }
        try {
            return read.get();
        } catch (JedisException e) {
            throw new HubUnavailableException("Redis did not answer in time (" + e.getMessage() + "): ask again in"
                    + " a second", e);
        } finally {
            listings.release();
        }
    }

    /** @return false when the visitor asked to stop */
    private boolean scan(String hash, ScanParams params, BiPredicate<String, String> visitor) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<Map.Entry<String, String>> page = redis.hscan(hash, cursor, params);
            for (Map.Entry<String, String> entry : page.getResult()) {
                if (!visitor.test(entry.getKey(), entry.getValue())) {
                    return false;
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return true;
    }

    @Override
    public boolean maintain() {
        try {
            if (!register()) {
                return false;
            }
        } catch (JedisException e) {
            if (!unreachable) {
                LOG.warning(() -> "Redis does not answer (" + e.getMessage() + "): this node's subscriptions are not"
                        + " kept alive in the cluster's roster; if it lasts longer than " + NODE_LEASE.toSeconds()
                        + " s, other nodes end them, and this node announces them again once Redis is back.");
            }
            unreachable = true;
            return false;
        }
        unreachable = false;
        try {
            endTheDeadsSubscriptions();
        } catch (JedisException | HubUnavailableException e) {
            LOG.fine(() -> "Ending dead nodes' subscriptions stopped (" + e.getMessage() + "); going on next round");
        }
        if (!takenForDead) {
            return false;
        }
        takenForDead = false;
        LOG.warning("This node's lease in Redis had run out (Redis was away or slow for longer than "
                + NODE_LEASE.toSeconds() + " s): announcing its subscriptions again.");
        return true;
    }

    /**
     * Lists this node and takes or renews its lease; remembers when the lease had run out, until {@link #maintain}
     * said so. Nothing once the node left.
     *
     * @return false when it left
     */
    private synchronized boolean register() {
        if (left) {
            return false;
        }
        redis.sadd(nodes, node);
        boolean leaseWasGone = redis.setGet(lease(node), node, SetParams.setParams().px(NODE_LEASE.toMillis()))
                == null;
        takenForDead |= leaseWasGone && registered;
        registered = true;
        return true;
    }

    private void endTheDeadsSubscriptions() {
        Set<String> withoutLease = new HashSet<>();
        for (String listed : redis.smembers(nodes)) {
            if (!listed.equals(node) && !redis.exists(lease(listed))) {
                withoutLease.add(listed);
            }
        }
        Set<String> dead = new HashSet<>(withoutLease);
        dead.retainAll(leaseless);
        leaseless = withoutLease;
        endingLeases.keySet().retainAll(dead);
        long deadline = System.nanoTime() + ENDING_PER_ROUND.toNanos();
        for (String gone : dead) {
            if (!endSubscriptionsOf(gone, deadline)) {
                return;
            }
        }
    }

    /** @return false when the round's time for it is up, or this node left */
    private boolean endSubscriptionsOf(String dead, long deadline) {
        Lease ending = endingLeases.computeIfAbsent(dead, gone -> new RedisLease(redis, prefix + ":lease:reap:" + gone));
        if (!ending.acquire(REAP_LEASE)) {
            return true; // another node is ending them
        }
        String hash = hash(dead);
        ScanParams params = new ScanParams().count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<Map.Entry<String, String>> page = redis.hscan(hash, cursor, params);
            for (Map.Entry<String, String> subscription : page.getResult()) {
                if (left || System.nanoTime() - deadline > 0) {
                    return false;
                }
                if (end(dead, subscription.getKey(), subscription.getValue()) == NOT_DEAD) {
                    leaseless.remove(dead);
                    return true;
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        if (Long.valueOf(1).equals(redis.eval(FORGET, List.of(nodes, hash, lease(dead)), List.of(dead)))) {
            LOG.info(() -> "Ended the subscriptions of the node " + dead + ", which died");
        }
        return true;
    }

    private long end(String dead, String subscription, String description) {
        Update ended;
        try {
            ended = Presence.ended(subscription, description);
        } catch (JsonException e) {
            LOG.warning(() -> "Dropping " + subscription + " from " + hash(dead) + ": its value is not the"
                    + " description Herald writes (" + e.getMessage() + "). Does something else write to Redis?");
            redis.hdel(hash(dead), subscription);
            return 0;
        }
        return transport.append(ended, List.of(hash(dead), lease(dead)), List.of(subscription, "", "reaper"));
    }

    /** Gives the lease up for good, so that the other nodes end this one's subscriptions within two rounds. */
    @Override
    public synchronized void leave() {
        left = true;
        try {
            redis.del(lease(node));
        } catch (JedisException e) {
            // It runs out by itself.
        }
    }

    private String hash(String of) {
        return prefix + ":presence:" + of;
    }

    private String lease(String of) {
        return prefix + ":lease:node:" + of;
    }

    /** The text as a glob pattern that matches only itself. */
    private static String glob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\^])", "\\\\$1");
    }
}
