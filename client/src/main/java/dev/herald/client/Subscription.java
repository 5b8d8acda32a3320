package dev.herald.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running subscription, made by {@link HeraldClient#subscribe}. It reconnects by itself, as a browser's
 * {@code EventSource} does, after a dropped connection, a stream the hub ended, a 5xx, 408 or 429, or silence longer
 * than the idle timeout: it waits the stream's {@code retry} (see {@link Backoff}) and sends the id of the last event it
 * received as {@code Last-Event-ID}, so that the hub replays what was missed, once. A refusal that would only repeat
 * (401, 403, 400, …) ends it, reported to {@link SubscriptionListener#onClosed}. It holds no thread of its own: one
 * connection while open, a timer while it waits.
 */
public final class Subscription implements AutoCloseable {

    /** Where a subscription is. */
    public enum State { CONNECTING, OPEN, WAITING, CLOSED }

    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final URI streamUri;
    private final SubscriptionRequest request;
    private final SubscriptionListener listener;
    private final SubscriptionSettings settings;
    private final Consumer<Subscription> onEnd;

    private volatile String lastEventId;
    private volatile long retryMillis;
    // Guarded by this.
    private State state = State.CONNECTING;
    private int failures;
    private CompletableFuture<?> exchange;
    private EventStreamBody stream;
    private ScheduledFuture<?> timer;

    Subscription(HttpClient http, ScheduledExecutorService timers, URI hub, SubscriptionRequest request,
                 SubscriptionListener listener, SubscriptionSettings settings, Consumer<Subscription> onEnd) {
        this.http = http;
        this.timers = timers;
        this.request = request;
        this.listener = listener;
        this.settings = settings;
        this.onEnd = onEnd;
        this.lastEventId = request.lastEventId() == null ? "" : request.lastEventId();
        this.retryMillis = settings.reconnectDelay().toMillis();
        StringBuilder query = new StringBuilder(hub.getRawQuery() == null ? "" : hub.getRawQuery());
        for (String topic : request.topics()) {
            query.append(query.length() == 0 ? "" : "&").append("topic=").append(encode(topic));
        }
        String base = hub.toString();
        int queryStart = base.indexOf('?');
        this.streamUri = URI.create((queryStart < 0 ? base : base.substring(0, queryStart)) + "?" + query);
    }

    /** The id of the last event received (or the one the request started after); {@code ""} for none yet. */
    public String lastEventId() {
        return lastEventId;
    }

    public synchronized State state() {
        return state;
    }

    /** Ends the subscription at once: its connection is given up and it never reconnects. */
    @Override
    public void close() {
        if (end()) {
            listener.onClosed(null);
        }
    }

    void connect() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(withLastEventIdQuery())
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .timeout(settings.connectTimeout());
        if (isHeaderSafe(lastEventId) && !lastEventId.isEmpty()) {
            builder.header("Last-Event-ID", lastEventId);
        }
        CompletableFuture<HttpResponse<String>> attempt;
        try {
            String token = request.token() == null ? null : request.token().get();
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            synchronized (this) {
                if (state == State.CLOSED) {
                    return;
                }
                state = State.CONNECTING;
                attempt = http.sendAsync(builder.build(), this::body);
                exchange = attempt;
            }
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        attempt.whenComplete(this::ended);
    }

    /** Where the answer's body goes, decided from its status line and headers. */
    private HttpResponse.BodySubscriber<String> body(HttpResponse.ResponseInfo info) {
        String contentType = info.headers().firstValue("Content-Type").orElse("");
        if (info.statusCode() != 200 || !contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return new BoundedBody(HeraldClient.MAX_MESSAGE_BYTES);
        }
        EventStreamBody opened = new EventStreamBody(new EventStreamParser(lastEventId, settings.maxEventBytes(),
                new EventStreamParser.Handler() {
                    @Override
                    public void event(ServerSentEvent event) {
                        lastEventId = event.id();
                        synchronized (Subscription.this) {
                            failures = 0;  // progress: a hub that accepts and hangs up at once is backed off from
                        }
                        listener.onEvent(event);
                    }

                    @Override
                    public void retry(long millis) {
                        retryMillis = millis;
                    }
                }));
        synchronized (this) {
            if (state == State.CLOSED) {
                opened.abort(new IllegalStateException("closed"));
                return opened;
            }
            state = State.OPEN;
            stream = opened;
            long checkEvery = Math.max(settings.idleTimeout().toMillis() / 4, 1);
            timer = timers.scheduleWithFixedDelay(() -> abortIfIdle(opened), checkEvery, checkEvery,
                    TimeUnit.MILLISECONDS);
        }
        listener.onOpen();
        return opened;
    }

    private void abortIfIdle(EventStreamBody opened) {
        if (opened.nanosSinceLastReceived() > settings.idleTimeout().toNanos()) {
            opened.abort(new HttpTimeoutException("nothing arrived from the hub for " + settings.idleTimeout()
                    + " (the client's idleTimeout; the hub's heartbeat should be shorter)"));
        }
    }

    /** A connection attempt or an open stream has ended: reconnect, or end the subscription. */
    private void ended(HttpResponse<String> response, Throwable error) {
        EventStreamBody ending;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            ending = stream;
            stream = null;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (ending != null) {
            lastEventId = ending.lastEventId();  // also the id of a last event without data
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause != null) {
            if (cause instanceof IOException && !(cause instanceof EventTooLargeException)) {
                retry(cause);
            } else {
                fail(cause);
            }
        } else if (ending != null) {
            retry(new EOFException("the hub ended the stream"));
        } else {
            int status = response.statusCode();
            HubException refusal = status == 200
                    ? new HubException(status, "the answer is not text/event-stream but "
                    + response.headers().firstValue("Content-Type").orElse("without Content-Type"))
                    : new HubException(status, response.body());
            if (status >= 500 || status == 408 || status == 429) {
                retry(refusal);
            } else {
                fail(refusal);
            }
        }
    }

    private void retry(Throwable cause) {
        Duration delay;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.WAITING;
            failures++;
            delay = Duration.ofMillis(Backoff.delayMillis(retryMillis, settings.maxReconnectDelay().toMillis(),
                    failures, ThreadLocalRandom.current().nextDouble()));
        }
        try {
            listener.onRetrying(delay, cause);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        synchronized (this) {
            if (state == State.WAITING) {
                timer = timers.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void fail(Throwable cause) {
        if (end()) {
            listener.onClosed(cause);
        }
    }

    /** Moves to CLOSED and lets go of everything held; false when it already was. */
    private boolean end() {
        CompletableFuture<?> attempt;
        EventStreamBody open;
        synchronized (this) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            attempt = exchange;
            open = stream;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (open != null) {
            open.abort(new IOException("the subscription was closed"));
        }
        if (attempt != null) {
            attempt.cancel(true);
        }
        onEnd.accept(this);
        return true;
    }

    /** A Last-Event-ID that is no valid header value (Mercure allows any id) goes as the lastEventID parameter. */
    private URI withLastEventIdQuery() {
        if (lastEventId.isEmpty() || isHeaderSafe(lastEventId)) {
            return streamUri;
        }
        return URI.create(streamUri + "&lastEventID=" + encode(lastEventId));
    }

    private static boolean isHeaderSafe(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
