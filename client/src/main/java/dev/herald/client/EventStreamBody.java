package dev.herald.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of one open event stream, fed to its parser as it arrives, one chunk at a time: the next is asked for only
 * when the listener has had the events of this one, so a slow listener slows the reading and nothing piles up in
 * the client. Completes with {@code null} when the hub ends the stream, exceptionally when it breaks, is aborted, or
 * the parser or the listener fails.
 */
final class EventStreamBody implements HttpResponse.BodySubscriber<String> {

    private final EventStreamParser parser;
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastReceived = System.nanoTime();

    EventStreamBody(EventStreamParser parser) {
        this.parser = parser;
    }

    /** The parser's last event id; read it once the body has completed. */
    String lastEventId() {
        return parser.lastEventId();
    }

    long nanosSinceLastReceived() {
        return System.nanoTime() - lastReceived;
    }

    /** Ends the stream from another thread (close, idle timeout): the connection is given up. */
    void abort(Throwable cause) {
        if (body.completeExceptionally(cause)) {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        if (body.isDone()) {
            newSubscription.cancel();  // aborted before the body began
        } else {
            newSubscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        lastReceived = System.nanoTime();
        try {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                parser.feed(buffer);
            }
        } catch (Throwable e) {
            abort(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(null);
    }
}
