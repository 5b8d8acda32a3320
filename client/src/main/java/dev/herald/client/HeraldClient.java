package dev.herald.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client of one Mercure hub (Herald, or any Mercure hub): publishes updates with a token it signs, and subscribes
 * with automatic reconnection and {@code Last-Event-ID}. Uses only the JDK.
 *
 * <pre>{@code
 * try (HeraldClient client = HeraldClient.builder(URI.create("https://hub.example.com/.well-known/mercure"))
 *         .publisherKey(TokenSigner.hs256(secret))
 *         .build()) {
 *     String id = client.publish(Publication.to("https://example.com/books/1").data("{\"title\":\"Dune\"}"));
 * }
 * }</pre>
 *
 * <p>Resources: one {@link HttpClient} (its selector thread; HTTP/1.1, one connection per open subscription plus
 * the pooled ones publishing uses) and {@link Builder#threads} daemon threads named {@code herald-client-…}, which
 * run the HTTP client's work, the listeners and the reconnection timers of all subscriptions. {@link #close()} ends
 * every subscription and stops those threads; the HTTP client's selector thread ends with the client object (on Java
 * 21 and later at once, as {@code close()} closes the HTTP client too). Thread-safe.
 */
public final class HeraldClient implements AutoCloseable {

    /** The most bytes of a hub's answer to a publish, or of a refusal, that the client reads. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    private final URI hub;
    private final Function<Publication, String> publishToken;
    private final Duration requestTimeout;
    private final SubscriptionSettings settings;
    private final ScheduledThreadPoolExecutor threads;
    private final HttpClient http;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private HeraldClient(Builder builder) {
        hub = builder.hub;
        publishToken = builder.publishToken();
        requestTimeout = builder.requestTimeout;
        settings = new SubscriptionSettings(builder.requestTimeout, builder.reconnectDelay,
                builder.maxReconnectDelay, builder.idleTimeout, builder.maxEventBytes);
        AtomicInteger count = new AtomicInteger();
        threads = new ScheduledThreadPoolExecutor(builder.threads, task -> {
            Thread thread = new Thread(task, "herald-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.setRemoveOnCancelPolicy(true);  // a closed subscription's timer goes at once, not when it was due
        // HTTP/1.1 as browsers speak it to a plain-http hub; the default would first ask every request to upgrade.
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(builder.requestTimeout)
                .executor(threads).build();
    }

    /** @param hub the hub's URL, e.g. {@code https://hub.example.com/.well-known/mercure} */
    public static Builder builder(URI hub) {
        return new Builder(hub);
    }

    /**
     * Publishes an update and returns its id (the one given, or the one the hub made).
     *
     * @throws HubException         when the hub refuses it: its status (400 for a field it does not accept, 401 for
     *                              a token it does not, 403 for a topic the token does not allow, …) and message
     * @throws HttpTimeoutException when the hub has not answered within the request timeout
     * @throws IOException          when the hub could not be reached
     */
    public String publish(Publication update) throws IOException, InterruptedException {
        if (closed.get()) {
            throw new IllegalStateException("this client is closed");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(hub)
                .header("Content-Type", PublishForm.CONTENT_TYPE)
                .timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofString(PublishForm.encode(update)));
        String token = publishToken.apply(update);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request.build(),
                info -> new BoundedBody(MAX_MESSAGE_BYTES));
        HttpResponse<String> response;
        try {
            // The request's own timeout ends at the headers; this one also bounds a body that trickles in.
            response = answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("the hub did not answer the publish within " + requestTimeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        }
        if (response.statusCode() / 100 != 2) {
            throw new HubException(response.statusCode(), response.body());
        }
        return response.body();
    }

    /**
     * Subscribes and returns at once; the listener hears of the connection, the events and any reconnection.
     * The subscription runs until it is closed, the hub refuses it, or this client is closed.
     */
    public Subscription subscribe(SubscriptionRequest request, SubscriptionListener listener) {
        Objects.requireNonNull(listener, "listener");
        Subscription subscription = new Subscription(http, threads, hub, request, listener, settings,
                subscriptions::remove);
        subscriptions.add(subscription);
        if (closed.get()) {  // checked after adding, so that close() cannot miss it
            subscriptions.remove(subscription);
            throw new IllegalStateException("this client is closed");
        }
        subscription.connect();
        return subscription;
    }

    /** Closes every subscription (each listener hears {@code onClosed(null)}) and stops the client's threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscriptions.forEach(Subscription::close);
        if (http instanceof AutoCloseable closeable) {  // Java 21 and later
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close the HTTP client", e);
            }
        }
        threads.shutdownNow();
    }

    /** Settings of a {@link HeraldClient}; every one has a default but the hub's URL. */
    public static final class Builder {

        private final URI hub;
        private TokenSigner signer;
        private List<String> publishSelectors;
        private String publisherToken;
        private Duration tokenLifetime = Duration.ofMinutes(1);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration reconnectDelay = Duration.ofSeconds(3);
        private Duration maxReconnectDelay = Duration.ofMinutes(1);
        private Duration idleTimeout = Duration.ofMinutes(1);
        private int maxEventBytes = 16 * 1024 * 1024;
        private int threads = 2;

        private Builder(URI hub) {
            String scheme = Objects.requireNonNull(hub, "hub").getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("the hub's URL must be http or https: " + hub);
            }
            this.hub = hub;
        }

        /**
         * Signs a token for every publish, valid for {@link #tokenLifetime} and allowing exactly the topics of that
         * update ({@code mercure.publish}).
         */
        public Builder publisherKey(TokenSigner newSigner) {
            return publisherKey(newSigner, null);
        }

        /** Signs a token for every publish that allows these selectors instead, e.g. {@code List.of("*")}. */
        public Builder publisherKey(TokenSigner newSigner, List<String> selectors) {
            signer = Objects.requireNonNull(newSigner, "signer");
            publishSelectors = selectors == null ? null : List.copyOf(selectors);
            publisherToken = null;
            return this;
        }

        /** Sends this token, made elsewhere, with every publish. */
        public Builder publisherToken(String token) {
            publisherToken = Objects.requireNonNull(token, "token");
            signer = null;
            return this;
        }

        /** How long a token that {@link #publisherKey} signs is valid ({@code exp}). Default 1 min. */
        public Builder tokenLifetime(Duration lifetime) {
            tokenLifetime = positive(lifetime, "tokenLifetime");
            return this;
        }

        /** The longest a publish may wait for the hub's answer, and for a subscription's headers. Default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** The wait before reconnecting until a stream sends its own {@code retry}. Default 3 s. */
        public Builder reconnectDelay(Duration delay) {
            reconnectDelay = positive(delay, "reconnectDelay");
            return this;
        }

        /** The cap on the wait before reconnecting, whatever the stream asks for or failures add. Default 1 min. */
        public Builder maxReconnectDelay(Duration delay) {
            maxReconnectDelay = positive(delay, "maxReconnectDelay");
            return this;
        }

        /**
         * How long an open stream may stay silent before the client takes the connection for dead and reconnects;
         * longer than the hub's heartbeat (Herald: {@code herald.heartbeat}, 15 s by default). Default 1 min.
         */
        public Builder idleTimeout(Duration timeout) {
            idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** The largest event (all its lines) a subscription accepts; a larger one ends it. Default 16 MiB. */
        public Builder maxEventBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxEventBytes must be at least 1, not " + bytes);
            }
            maxEventBytes = bytes;
            return this;
        }

        /** The client's threads: the HTTP client's work, the listeners and the timers of all subscriptions. */
        public Builder threads(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + count);
            }
            threads = count;
            return this;
        }

        public HeraldClient build() {
            return new HeraldClient(this);
        }

        /** The token each publish sends: signed for it, the one given, or none. */
        private Function<Publication, String> publishToken() {
            if (signer == null) {
                String fixed = publisherToken;
                return update -> fixed;
            }
            TokenSigner key = signer;
            List<String> selectors = publishSelectors;
            Duration lifetime = tokenLifetime;
            return update -> key.token(selectors == null ? update.topics() : selectors, null,
                    Instant.now().plus(lifetime));
        }

        private static Duration positive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, not " + duration);
            }
            return duration;
        }
    }
}
