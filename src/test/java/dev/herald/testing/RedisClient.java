package dev.herald.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's protocol (RESP2) over a socket, enough for tests to set up and look at a Redis: each command is sent as an
 * array of bulk strings, and its reply comes back as text (see {@link #command}).
 */
public final class RedisClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RedisClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to the Redis (or Sentinel) at 127.0.0.1:{@code port}; a reply may take up to {@code timeout}. */
    public static RedisClient connect(int port, Duration timeout) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) timeout.toMillis());
        return new RedisClient(socket);
    }

    /**
     * Sends one command and reads its reply: a status, bulk string or integer as its text, a nil as null, an array as
     * its elements' texts one per line (nested arrays flattened, as {@code XRANGE} returns them).
     *
     * @throws IllegalStateException when Redis answers with an error, whose text is the message
     * @throws EOFException when Redis closes the connection instead, as {@code SHUTDOWN} does
     */
    public String command(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(request.toByteArray());
        out.flush();
        return reply();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String reply() throws IOException {
        String line = line();
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+':
            case ':':
                return rest;
            case '-':
                throw new IllegalStateException(rest);
            case '$':
                return bulk(Integer.parseInt(rest));
            case '*':
                return array(Integer.parseInt(rest));
            default:
                throw new IOException("not a RESP reply: " + line);
        }
    }

    private String bulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length < length + 2) {
            throw new EOFException("Redis closed the connection in a reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private String array(int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<String> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            elements.add(String.valueOf(reply()));
        }
        return String.join("\n", elements);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("Redis closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
