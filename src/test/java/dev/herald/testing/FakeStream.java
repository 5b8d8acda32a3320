package dev.herald.testing;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A response's output as a container's non-blocking I/O shows it, for unit tests of the delivery path: bytes written
 * are kept, {@code isReady()} says what the test wants (a full socket is {@code false}), and {@link #drain()} plays the
 * container's {@code onWritePossible}. The integration tests run the same code on real servers.
 */
public final class FakeStream extends ServletOutputStream {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final AtomicInteger completions = new AtomicInteger();
    private volatile boolean ready = true;
    private volatile Error failure;
    private volatile WriteListener listener;

    /** An async context whose response writes to this stream, and which counts its completions. */
    public AsyncContext asyncContext() {
        ServletResponse response = (ServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getOutputStream")) {
                        return this;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AsyncContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getResponse" -> response;
                    case "complete" -> {
                        completions.incrementAndGet();
                        yield null;
                    }
                    case "addListener", "setTimeout" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Makes every later write throw {@code failure}, as a broken container might. */
    public void failWrites(Error failure) {
        this.failure = failure;
    }

    /** Whether the "socket" takes more; when it turns true again, call {@link #drain()}. */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    /** The container's {@code onWritePossible}, once the socket takes more. */
    public void drain() throws java.io.IOException {
        ready = true;
        listener.onWritePossible();
    }

    public synchronized String text() {
        return written.toString(StandardCharsets.UTF_8);
    }

    public int completions() {
        return completions.get();
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        this.listener = listener;
        try {
            listener.onWritePossible(); // as containers do once a listener is set
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void write(int b) {
        written.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (failure != null) {
            throw failure;
        }
        written.write(bytes, offset, length);
    }
}
