package dev.herald.security;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.herald.Periodic;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The keys a JWK Set URL serves, kept current: fetched as the application starts, again every
 * {@code herald.jwt.jwks.refresh}, and when a token names a {@code kid} the set does not hold, so that keys rotate
 * without a restart.
 *
 * <p>What a client can make it do is bounded: one fetch at a time, shared by whoever asked; an unknown kid fetches at
 * most once per {@link #UNKNOWN_KID_INTERVAL} (or per refresh period, when shorter), and every other request that the
 * set cannot answer meanwhile is refused at once; the request that asked waits at most {@code herald.jwt.jwks.timeout},
 * and the fetch itself runs on Herald's timers, with that timeout for connecting and for each read, and
 * reads at most {@link #MAX_BYTES}. A fetch that fails keeps the last set that worked.
 */
final class Jwks implements TokenKeys {

    private static final Logger LOG = Logger.getLogger(Jwks.class.getName());

    /** The most often a token with an unknown kid makes the set be fetched again. */
    static final Duration UNKNOWN_KID_INTERVAL = Duration.ofSeconds(30);
    /** The largest JWK Set read: a few keys take a few kilobytes; more is not a key set. */
    static final int MAX_BYTES = 512 * 1024;

    private final URL url;
    private final String source;
    private final String algorithm;
    private final Duration refresh;
    private final Duration timeout;
    private final Duration unknownKidInterval;
    private final ResourceRetriever retriever;
    private final AtomicReference<CompletableFuture<KeySet>> fetching = new AtomicReference<>();
    private final AtomicLong nextUnknownKidFetch = new AtomicLong(System.nanoTime());
    private volatile ScheduledExecutorService executor;
    private volatile KeySet current;
    private Instant fetchedAt;
    private boolean failing;

    /**
     * @param url       the JWK Set's URL, already checked by the configuration
     * @param key       the configuration key it was set with, named in the log
     * @param algorithm the algorithm tokens are signed with
     * @param refresh   how often to fetch the set again
     * @param timeout   how long connecting, each read, and a request waiting for a fetch may take
     */
    Jwks(URI url, String key, String algorithm, Duration refresh, Duration timeout) {
        try {
            this.url = url.toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(key + " = '" + url + "' is not a URL: " + e.getMessage(), e);
        }
        this.source = url + " (" + key + ")";
        this.algorithm = algorithm;
        this.refresh = refresh;
        this.timeout = timeout;
        this.unknownKidInterval = refresh.compareTo(UNKNOWN_KID_INTERVAL) < 0 ? refresh : UNKNOWN_KID_INTERVAL;
        int millis = (int) timeout.toMillis();
        // Disconnecting after each fetch leaves no keep-alive connection, nor the JDK's timer thread that closes them.
        this.retriever = new DefaultResourceRetriever(millis, millis, MAX_BYTES, true);
    }

    /**
     * Fetches the set on {@code executor} and waits for it at most the timeout: when the identity provider is down, the
     * application starts all the same, and tokens are answered 503 until a fetch works.
     *
     * @return the periodic refresh, to cancel when the application stops
     */
    ScheduledFuture<?> start(ScheduledExecutorService executor) {
        this.executor = executor;
        ScheduledFuture<?> refreshing = Periodic.every(executor, refresh, "Refreshing the JWK Set " + source,
                this::fetch);
        await(fetch());
        return refreshing;
    }

    @Override
    public JWSVerifier verifierFor(String kid) {
        KeySet known = current;
        if (known != null) {
            JWSVerifier verifier = known.verifierFor(kid);
            if (verifier != null) {
                return verifier;
            }
        }
        if (!mayFetchForUnknownKid()) {
            throw known == null ? notYetFetched() : unknownKid(kid);
        }
        KeySet fetched = await(fetch());
        if (fetched == null) {
            throw current == null ? notYetFetched() : unknownKid(kid);
        }
        JWSVerifier verifier = fetched.verifierFor(kid);
        if (verifier == null) {
            throw unknownKid(kid);
        }
        return verifier;
    }

    /** Claims this interval's one fetch for an unknown kid, if nobody has yet. */
    private boolean mayFetchForUnknownKid() {
        long next = nextUnknownKidFetch.get();
        long now = System.nanoTime();
        return now - next >= 0 && nextUnknownKidFetch.compareAndSet(next, now + unknownKidInterval.toNanos());
    }

    /** The fetch under way, or a new one: never two at once. */
    CompletableFuture<KeySet> fetch() {
        CompletableFuture<KeySet> mine = new CompletableFuture<>();
        CompletableFuture<KeySet> running = fetching.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> load(mine));
        } catch (RuntimeException e) { // not started yet, or the scheduler is shutting down
            fetching.set(null);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private void load(CompletableFuture<KeySet> mine) {
        KeySet set = null;
        Throwable failure = null;
        try {
            set = KeySet.read(retriever.retrieveResource(url).getContent(), algorithm, source);
            fetched(set);
        } catch (Throwable e) { // an Error too: the fetch must end, or no other could start
            failure = e;
            failed(e);
        }
        fetching.set(null);
        if (set != null) {
            mine.complete(set);
        } else {
            mine.completeExceptionally(failure);
        }
    }

    /** @return the set, or {@code null} when the fetch failed or took longer than the timeout */
    private KeySet await(CompletableFuture<KeySet> fetch) {
        try {
            return fetch.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private synchronized void fetched(KeySet set) {
        KeySet previous = current;
        current = set;
        fetchedAt = Instant.now();
        if (failing) {
            failing = false;
            LOG.info(() -> "The JWK Set " + source + " can be fetched again");
        }
        if (previous == null || !previous.kids().equals(set.kids()) || previous.size() != set.size()) {
            LOG.info(() -> "The JWK Set " + source + " now verifies " + algorithm + " tokens with "
                    + set.size() + " key(s), with kids " + set.kids()
                    + (set.refused().isEmpty() ? "" : "; refused: " + set.refused()));
        }
    }

    private synchronized void failed(Throwable e) {
        if (failing) {
            LOG.log(Level.FINE, "Fetching the JWK Set " + source + " failed again", e);
            return;
        }
        failing = true;
        LOG.warning(() -> "Fetching the JWK Set " + source + " failed (" + e + "); "
                + (current == null ? "until it works, tokens it would verify are answered 503"
                : "the keys fetched at " + fetchedAt + " still verify tokens")
                + ". Trying again every " + refresh + ", or sooner for an unknown kid; quietly until it works.");
    }

    private AuthorizationException unknownKid(String kid) {
        return AuthorizationException.invalid("no key with kid '" + Tokens.quote(kid) + "' in "
                + source + "; an unknown kid makes the hub fetch the set again at most every " + unknownKidInterval);
    }

    private KeysUnavailableException notYetFetched() {
        long wait = nextUnknownKidFetch.get() - System.nanoTime();
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
        return new KeysUnavailableException("the keys that verify this token could not be fetched yet from " + source
                + "; try again in " + seconds + " s", seconds);
    }
}
