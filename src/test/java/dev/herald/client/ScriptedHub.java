package dev.herald.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hub for the client's own tests that answers each request with the next answer of a script, for what a real
 * Herald cannot be made to do on demand (a 503, a stream that ends, silence), and records what each request sent.
 */
final class ScriptedHub implements AutoCloseable {

    /** One answer of the script. */
    @FunctionalInterface
    interface Answer {
        void send(HttpExchange exchange) throws IOException, InterruptedException;
    }

    /** What one request sent: its Last-Event-ID and Authorization headers (null when absent), when it came. */
    record Request(String lastEventId, String authorization, String query, long nanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Answer> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Counted down when the client has gone from a stream held open by {@link #stream}. */
    final CountDownLatch clientLeft = new CountDownLatch(1);

    ScriptedHub(Answer... answers) throws IOException {
        script = new LinkedBlockingQueue<>(List.of(answers));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Last-Event-ID"),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestURI().getRawQuery(),
                    System.nanoTime()));
            Answer answer = script.poll();
            try {
                if (answer == null) {
                    status(503, "the script has ended").send(exchange);
                } else {
                    answer.send(exchange);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/.well-known/mercure");
    }

    /** Adds answers to the end of the script. */
    void script(Answer... more) {
        script.addAll(List.of(more));
    }

    List<Request> requests() {
        return requests;
    }

    /** An event stream that sends {@code events}, then keeps the connection open until the client leaves. */
    Answer stream(String events) {
        return exchange -> {
            OutputStream body = open(exchange, events);
            try {
                while (true) {
                    TimeUnit.MILLISECONDS.sleep(50);
                    body.write(":\n".getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
            } catch (IOException e) {
                clientLeft.countDown();
            }
        };
    }

    /** An event stream that sends {@code events} and ends. */
    static Answer streamThenEnd(String events) {
        return exchange -> open(exchange, events);
    }

    /** An event stream that sends its headers and then nothing for {@code millis}. */
    static Answer silent(long millis) {
        return exchange -> {
            open(exchange, "");
            TimeUnit.MILLISECONDS.sleep(millis);
        };
    }

    static Answer status(int status, String message) {
        return answer(status, "text/plain", message);
    }

    static Answer answer(int status, String contentType, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().putAll(Map.of("Content-Type", List.of(contentType)));
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    private static OutputStream open(HttpExchange exchange, String events) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        body.write(events.getBytes(StandardCharsets.UTF_8));
        body.flush();
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
