package dev.herald.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWK Set endpoint a test serves itself, on a free port: it answers whatever set the test gives it, counts how often
 * it was asked, and can fail (500) or never answer at all, as an identity provider that is down or stuck would.
 */
public final class JwksServer implements AutoCloseable {

    public enum Mode { SERVE, FAIL, HANG }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger hits = new AtomicInteger();
    private volatile String body = "{\"keys\":[]}";
    private volatile Mode mode = Mode.SERVE;

    private JwksServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Serves on a free port. */
    public static JwksServer start() {
        return new JwksServer(FreePorts.any());
    }

    /** Serves on {@code port}: the one an earlier {@link #url(int)} named, for an endpoint that comes up late. */
    public static JwksServer start(int port) {
        return new JwksServer(port);
    }

    /** The URL of the set served on {@code port}, whether anything serves it yet or not. */
    public static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port + "/jwks.json");
    }

    public URI url() {
        return url(server.getAddress().getPort());
    }

    /** @param json the JWK Set document to answer from now on */
    public JwksServer serve(String json) {
        this.body = json;
        this.mode = Mode.SERVE;
        return this;
    }

    /** Serves the public halves of {@code keys} from now on. */
    public JwksServer serve(JWK... keys) {
        return serve(new JWKSet(List.of(keys)).toString());
    }

    public JwksServer mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** How many requests arrived, answered or not. */
    public int hits() {
        return hits.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        try (exchange) {
            switch (mode) {
                case HANG -> closing.await();
                case FAIL -> exchange.sendResponseHeaders(500, -1);
                case SERVE -> {
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
                    exchange.sendResponseHeaders(200, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
