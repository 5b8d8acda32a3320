package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 typed by hand over a socket, as an attacker would: requests that stop half-way, bodies that drip, and a
 * way to see whether and when the server answers and closes.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects to the server of {@code uri}. */
    public static RawHttp connect(URI uri) throws IOException {
        return new RawHttp(new Socket(uri.getHost(), uri.getPort()));
    }

    public RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until the server closes the connection; fails when it has not within {@code timeout}. */
    public String readToEnd(Duration timeout) throws IOException {
        if (!closesWithin(timeout)) {
            throw new AssertionError("the server kept the connection open for " + timeout + " after sending: "
                    + text());
        }
        return text();
    }

    /** True when the server closes the connection within {@code timeout}; what it sent is kept. */
    public boolean closesWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[8192];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    return true;
                }
                received.write(buffer, 0, read);
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset by the server: closed as well
            }
        }
    }

    /** Reads until the response's status line and headers have arrived, and returns them. */
    public String awaitHeaders(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[8192];
        while (!text().contains("\r\n\r\n")) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("no response within " + timeout + "; got: " + text());
            }
            socket.setSoTimeout((int) left);
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new AssertionError("closed before a response; got: " + text());
                }
                received.write(buffer, 0, read);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no response within " + timeout + "; got: " + text());
            }
        }
        return text();
    }

    /** Everything received so far. */
    public String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
