package dev.herald.http;

import dev.herald.config.HeraldConfig;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads a publish body of a known Content-Length with non-blocking servlet I/O, so that a client dripping its body holds no container thread,
 * and gives up with 408 when the body has not arrived within {@code herald.publish.read-timeout} (the async context's
 * timeout) or with 413 once it grows past {@code herald.publish.max-bytes}. The whole body then goes to the handler,
 * which answers the request; exactly one of these answers is sent.
 *
 * <p>Grizzly (Payara) may call {@link #onDataAvailable} on two threads at once, so reading is serialized here.
 */
final class PublishBody implements ReadListener, AsyncListener {

    /** What to do with a complete body: answer the request. */
    interface Handler {
        void handle(byte[] body, HttpServletResponse response) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(PublishBody.class.getName());
    private static final int CHUNK = 8 * 1024;

    private final AsyncContext async;
    private final ServletInputStream in;
    private final int limit;
    private final long length;
    private final Duration deadline;
    private final Refusal refusal;
    private final Handler handler;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[CHUNK];
    private final AtomicBoolean answered = new AtomicBoolean();

    private PublishBody(AsyncContext async, int limit, Duration deadline, Refusal refusal, Handler handler)
            throws IOException {
        this.async = async;
        this.in = async.getRequest().getInputStream();
        this.limit = limit;
        this.length = async.getRequest().getContentLengthLong();
        this.deadline = deadline;
        this.refusal = refusal;
        this.handler = handler;
    }

    /**
     * Starts reading; the container calls back as bytes arrive.
     *
     * @param limit    the most bytes accepted
     * @param deadline how long the whole body may take
     * @param refusal  answers a body that is too large or too late
     */
    static void read(AsyncContext async, int limit, Duration deadline, Refusal refusal, Handler handler)
            throws IOException {
        PublishBody reader = new PublishBody(async, limit, deadline, refusal, handler);
        async.setTimeout(deadline.toMillis());
        async.addListener(reader);
        reader.in.setReadListener(reader);
    }

    @Override
    public synchronized void onDataAvailable() throws IOException {
        while (!answered.get() && !isComplete() && in.isReady()) {
            int read = in.read(chunk);
            if (read < 0) {
                break;
            }
            if (body.size() + read > limit) {
                answer(413, "The body is larger than " + limit + " bytes, the most this hub accepts ("
                        + HeraldConfig.PUBLISH_MAX_BYTES + ").");
                return;
            }
            body.write(chunk, 0, read);
        }
        if (isComplete()) {
            onAllDataRead();
        }
    }

    /**
     * Answers once the whole body is there. Grizzly may call this before the last bytes have been handed to
     * {@link #onDataAvailable}, so the body's Content-Length decides, not the container's signal.
     */
    @Override
    public synchronized void onAllDataRead() throws IOException {
        if (body.size() < length) {
            return; // early: onDataAvailable follows with the rest
        }
        if (answered.compareAndSet(false, true)) {
            try {
                handler.handle(body.toByteArray(), (HttpServletResponse) async.getResponse());
            } finally {
                async.complete();
            }
        }
    }

    private boolean isComplete() {
        return body.size() >= length;
    }

    @Override
    public void onError(Throwable error) {
        // The client went away or broke the body off: there is nobody to answer.
        if (answered.compareAndSet(false, true)) {
            LOG.log(Level.FINE, "A publish body could not be read", error);
            async.complete();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
        answer(408, "The body did not arrive within " + deadline.toMillis() + " ms ("
                + HeraldConfig.PUBLISH_READ_TIMEOUT + "); send it at once.");
    }

    private void answer(int status, String message) throws IOException {
        if (answered.compareAndSet(false, true)) {
            try {
                refusal.sendAndClose((HttpServletResponse) async.getResponse(), status, message);
            } finally {
                async.complete();
            }
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // Answered already.
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not re-dispatched.
    }
}
