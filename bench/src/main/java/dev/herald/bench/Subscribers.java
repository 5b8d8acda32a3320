package dev.herald.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Many Server-Sent Events subscribers held by one selector thread, so that the load generator costs the machine little.
 * Each {@code data:} line carries the publisher's {@link System#nanoTime()}; the difference on arrival is the
 * publish-to-receive latency, recorded in an HdrHistogram.
 */
final class Subscribers implements AutoCloseable {

    static final long HOUR_NANOS = 3_600_000_000_000L;
    private static final int SOURCE_ADDRESSES = 250;
    private static final AtomicInteger NEXT_SOURCE = new AtomicInteger();
    /** A subscriber that never reads advertises a small window, so that the server's writes to it stall soon. */
    private static final int STALLED_RECEIVE_BUFFER = 4096;

    private final Selector selector;
    private final Thread loop;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final InetSocketAddress address;
    private final String request;
    private final String extraHeaders;
    private final boolean reading;
    private final List<StreamParser> parsers = new ArrayList<>();
    /** Work for the selector thread, which alone touches the channels once it runs. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    /** Connections that ended before their response's headers, since the last {@link #dropAll}. */
    private final AtomicLong failed = new AtomicLong();
    private final Object histogramLock = new Object();
    private Histogram latency = new Histogram(HOUR_NANOS, 3);
    private volatile boolean running = true;

    /**
     * @param server       where the subscribers connect
     * @param request      the request line's target, e.g. {@code /.well-known/mercure?topic=bench}
     * @param count        how many subscribers
     * @param extraHeaders more request headers, each ending in CRLF
     * @param reading      false for subscribers that never read (slow consumers)
     */
    Subscribers(URI server, String request, int count, String extraHeaders, boolean reading) throws IOException {
        selector = Selector.open();
        this.address = new InetSocketAddress(server.getHost(), server.getPort());
        this.request = "GET " + request + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                + "\r\nAccept: text/event-stream\r\n";
        this.extraHeaders = extraHeaders;
        this.reading = reading;
        for (int i = 0; i < count; i++) {
            StreamParser parser = new StreamParser();
            parsers.add(parser);
            connect(parser, "");
        }
        loop = new Thread(this::run, "subscribers");
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * {@code count} reading subscribers of {@code topic}, split evenly over the target's nodes: one group per node, in
     * the order of {@link Target#nodes()}. Close each when done.
     */
    static List<Subscribers> split(Target target, String topic, int count) throws IOException {
        List<Subscribers> groups = new ArrayList<>();
        List<URI> nodes = target.nodes();
        try {
            for (int i = 0; i < nodes.size(); i++) {
                int share = count / nodes.size() + (i < count % nodes.size() ? 1 : 0);
                groups.add(new Subscribers(nodes.get(i), target.subscribePath(topic), share, "", true));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(groups);
            throw e;
        }
        return groups;
    }

    static void closeAll(List<Subscribers> groups) throws IOException {
        for (Subscribers group : groups) {
            group.close();
        }
    }

    /**
     * 127.0.0.2 to 127.0.0.251 in turn, across the whole run: closed connections linger in TIME_WAIT for a minute, and
     * one address has only about 28,000 ephemeral ports.
     */
    private static InetAddress nextSourceAddress() throws IOException {
        int host = 2 + Math.floorMod(NEXT_SOURCE.getAndIncrement(), SOURCE_ADDRESSES);
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host});
    }

    /**
     * Starts {@code parser}'s subscriber's connection without waiting for it: when a server's accept queue overflows,
     * the kernel retries the dropped connections a second later, and those retries must not hold up the others.
     */
    private void connect(StreamParser parser, String resumeHeaders) throws IOException {
        SocketChannel channel = SocketChannel.open();
        if (!reading) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, STALLED_RECEIVE_BUFFER);
        }
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress(nextSourceAddress(), 0));
        parser.restart(channel, (request + extraHeaders + resumeHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT, parser);
        if (channel.connect(address)) {
            connected(key);
        }
    }

    /** Sends the request once the connection is up; a subscriber that never reads counts as open from then on. */
    private void connected(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        StreamParser parser = (StreamParser) key.attachment();
        if (!channel.finishConnect()) {
            return; // still connecting: the selector reports it again
        }
        ByteBuffer get = ByteBuffer.wrap(parser.request);
        channel.write(get);
        if (get.hasRemaining()) { // a fresh connection's send buffer holds far more than a request line
            throw new IOException("the request did not fit the socket's send buffer");
        }
        key.interestOps(reading ? SelectionKey.OP_READ : 0);
        if (!reading) {
            opened.incrementAndGet();
        }
    }

    /** Closes every subscriber's connection at once; what each received so far stays counted. */
    void dropAll() throws InterruptedException {
        onLoop(() -> {
            opened.set(0);
            failed.set(0);
            for (StreamParser parser : parsers) {
                parser.channel.close();
            }
            // A registered channel's file is released by the next selection: before opening as many again.
            selector.selectNow();
            selector.selectedKeys().clear();
        });
    }

    /**
     * Opens a new connection for every subscriber at once, each asking to resume after the last event it received with
     * the headers {@code resume} gives for that event's id ({@link Target#replayHeaders}); {@link #awaitOpen} then
     * waits for them.
     */
    void resumeAll(Function<String, String> resume) throws InterruptedException {
        onLoop(() -> {
            for (StreamParser parser : parsers) {
                connect(parser, parser.lastEventId == null ? "" : resume.apply(parser.lastEventId));
            }
        });
    }

    /** Runs {@code work} on the selector thread, which alone touches the channels once it runs, and waits for it. */
    private void onLoop(ChannelWork work) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the subscribers' connections failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the subscribers' selector thread did not get to the work in 60 s (alive: "
                    + loop.isAlive() + ")");
        }
    }

    private interface ChannelWork {
        void run() throws IOException;
    }

    /** Waits until every subscriber has its response headers, or fails when one failed or after {@code seconds}. */
    void awaitOpen(int seconds) throws InterruptedException {
        long failures = awaitSettled(seconds);
        if (failures > 0) {
            throw new IllegalStateException(failures + " of " + parsers.size() + " subscribers could not connect");
        }
    }

    /**
     * Waits until every subscriber's connection has its response headers or has failed, or fails after
     * {@code seconds}.
     *
     * @return how many failed (refused, answered other than 200, or closed before the headers)
     */
    long awaitSettled(int seconds) throws InterruptedException {
        if (!within(seconds, () -> opened.get() + failed.get() >= parsers.size())) {
            throw new IllegalStateException(opened.get() + " of " + parsers.size() + " subscribers opened ("
                    + failed.get() + " failed)");
        }
        return failed.get();
    }

    /** Waits until every subscriber received at least {@code count} updates; false if not within {@code seconds}. */
    boolean awaitEachReceived(long count, int seconds) throws InterruptedException {
        return within(seconds, () -> missing(count) == 0);
    }

    /** Waits until the subscribers received {@code count} updates in all, or fails after {@code seconds}. */
    void awaitDeliveries(long count, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (deliveries.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(deliveries.get() + " of " + count + " updates arrived");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Waits until no update arrived for half a second, at most {@code seconds}: what an earlier load left queued in
     * the server has been delivered.
     *
     * @return false when updates still arrived after {@code seconds}
     */
    boolean awaitQuiet(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long seen = -1;
        while (System.nanoTime() < deadline) {
            long now = deliveries.get();
            if (now == seen) {
                return true;
            }
            seen = now;
            Thread.sleep(500);
        }
        return false;
    }

    /**
     * Waits until every subscriber received an update whose timestamp is later than {@code sentAfter}, or fails after
     * {@code seconds}: all of them are streaming live.
     */
    void awaitAllReceivedAfter(long sentAfter, int seconds) throws InterruptedException {
        if (!within(seconds, () -> parsers.stream().allMatch(parser -> parser.lastSent - sentAfter > 0))) {
            long behind = parsers.stream().filter(parser -> parser.lastSent - sentAfter <= 0).count();
            throw new IllegalStateException(behind + " of " + parsers.size()
                    + " subscribers did not receive an update sent after the mark");
        }
    }

    /** Polls {@code done} every 20 ms: false if it did not come true within {@code seconds}. */
    private static boolean within(int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    long deliveries() {
        return deliveries.get();
    }

    /**
     * How many updates each reading subscriber received so far: when every one should have received every update, a
     * minimum below the maximum means some were lost on the way.
     */
    LongSummaryStatistics receivedPerSubscriber() {
        return parsers.stream().mapToLong(parser -> parser.received).summaryStatistics();
    }

    /** Updates short of {@code expected}, summed over the subscribers that received fewer. */
    long missing(long expected) {
        return parsers.stream().mapToLong(parser -> Math.max(0, expected - parser.received)).sum();
    }

    /** Updates beyond {@code expected}, summed over the subscribers that received more. */
    long extra(long expected) {
        return parsers.stream().mapToLong(parser -> Math.max(0, parser.received - expected)).sum();
    }

    /**
     * Updates that arrived no later than one received before on the same subscriber: duplicates, or reordering. The
     * publisher's timestamps only grow.
     */
    long outOfOrder() {
        return parsers.stream().mapToLong(parser -> parser.outOfOrder).sum();
    }

    long lost() {
        return lost.get();
    }

    /** The latencies recorded since the last call, and a fresh histogram for the next interval. */
    Histogram takeLatency() {
        synchronized (histogramLock) {
            Histogram taken = latency;
            latency = new Histogram(HOUR_NANOS, 3);
            return taken;
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (StreamParser parser : parsers) {
            parser.channel.close();
        }
        selector.close();
    }

    private void run() {
        try {
            while (running) {
                selector.select(200);
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (key.isValid() && key.isConnectable()) {
                            connected(key);
                        } else if (key.isValid() && key.isReadable()) {
                            read(key);
                        }
                    } catch (IOException e) {
                        lose(key, null);
                    } catch (RuntimeException e) {
                        // A response this parser cannot read, or a connection that could not be made.
                        lose(key, e);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        StreamParser parser = (StreamParser) key.attachment();
        readBuffer.clear();
        if (channel.read(readBuffer) < 0) {
            lose(key, null);
            return;
        }
        readBuffer.flip();
        long now = System.nanoTime();
        while (readBuffer.hasRemaining()) {
            if (!parser.skipToLineEnd(readBuffer)) {
                parser.accept(readBuffer.get(), now);
            }
        }
    }

    /**
     * Counts a connection as lost (as failed, too, when it ended before its response's headers) and closes it. An
     * unexpected {@code error} is said once, loudly: the first of many is enough to see the cause.
     */
    private void lose(SelectionKey key, RuntimeException error) {
        if (((StreamParser) key.attachment()).inHeaders) {
            failed.incrementAndGet();
        }
        if (lost.getAndIncrement() == 0 && error != null) {
            System.err.println("A subscriber's connection failed: " + error);
        }
        try {
            key.channel().close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }

    /** Decodes one HTTP response (headers, then chunked or plain body) and the SSE lines in it, byte by byte. */
    private final class StreamParser {
        /** Only the start of a line matters (a timestamp); the rest of a long line is skipped in bulk. */
        private static final int LINE_PREFIX = 64;
        private final StringBuilder line = new StringBuilder(LINE_PREFIX);
        // Chunks split the stream anywhere, even inside a line: chunk-size lines have their own buffer.
        private final StringBuilder chunkSize = new StringBuilder(8);
        private SocketChannel channel;
        private byte[] request;
        private boolean inHeaders;
        private boolean statusLine;
        private boolean chunked;
        private long chunkRemaining;
        private boolean skipChunkCrlf;
        /** The event being read: its id, and the publisher's timestamp in its first data line (0: none yet). */
        private String eventId;
        private long eventSent;
        /** Written by the selector thread only; read by others once the deliveries stopped. */
        private volatile long received;
        /** The publisher's timestamp in the latest update received, whichever connection brought it. */
        private volatile long lastSent;
        private volatile long outOfOrder;
        /** The id of the latest update received, to resume after it; {@code null} before the first. */
        private volatile String lastEventId;

        /** A new connection: its response starts from the status line; what was received before stays counted. */
        void restart(SocketChannel channel, byte[] request) {
            this.channel = channel;
            this.request = request;
            inHeaders = true;
            statusLine = true;
            chunked = false;
            chunkRemaining = -1; // expecting a chunk-size line
            skipChunkCrlf = false;
            line.setLength(0);
            chunkSize.setLength(0);
            eventId = null;
            eventSent = 0;
        }

        /**
         * Skips the bytes of a body line past its first {@link #LINE_PREFIX}, up to (not including) its line feed,
         * without looking at them one call at a time: padded updates would otherwise cost the load generator more
         * than the server.
         *
         * @return whether it skipped anything
         */
        boolean skipToLineEnd(ByteBuffer buffer) {
            if (inHeaders || line.length() < LINE_PREFIX || (chunked && chunkRemaining <= 0)) {
                return false;
            }
            int start = buffer.position();
            int end = chunked ? (int) Math.min(buffer.limit(), start + chunkRemaining) : buffer.limit();
            int at = start;
            while (at < end && buffer.get(at) != '\n') {
                at++;
            }
            if (at == start) {
                return false;
            }
            buffer.position(at);
            if (chunked) {
                chunkRemaining -= at - start;
                if (chunkRemaining == 0) {
                    skipChunkCrlf = true;
                }
            }
            return true;
        }

        void accept(byte b, long now) {
            if (inHeaders) {
                headerByte(b);
            } else if (!chunked) {
                bodyByte(b, now);
            } else if (chunkRemaining > 0) {
                chunkRemaining--;
                bodyByte(b, now);
                if (chunkRemaining == 0) {
                    skipChunkCrlf = true;
                }
            } else if (skipChunkCrlf) {
                if (b == '\n') {
                    skipChunkCrlf = false;
                    chunkRemaining = -1;
                }
            } else if (b == '\n') {
                String size = chunkSize.toString().trim();
                int extension = size.indexOf(';');
                chunkRemaining = Long.parseLong(extension < 0 ? size : size.substring(0, extension), 16);
                chunkSize.setLength(0);
                if (chunkRemaining == 0) {
                    throw new IllegalStateException("the server ended the stream (last chunk)");
                }
            } else if (b != '\r') {
                chunkSize.append((char) b);
            }
        }

        private void headerByte(byte b) {
            if (b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
                return;
            }
            if (statusLine) {
                statusLine = false;
                if (!line.toString().startsWith("HTTP/1.1 200")) {
                    throw new IllegalStateException("the server answered " + line);
                }
            } else if (line.length() == 0) {
                inHeaders = false;
                opened.incrementAndGet();
            } else if (line.toString().toLowerCase().startsWith("transfer-encoding:")
                    && line.toString().toLowerCase().contains("chunked")) {
                chunked = true;
            }
            line.setLength(0);
        }

        private void bodyByte(byte b, long now) {
            if (b != '\n') {
                if (b != '\r' && line.length() < LINE_PREFIX) {
                    line.append((char) b);
                }
                return;
            }
            if (line.length() == 0) {
                dispatch(now);
            } else if (line.length() > 4 && line.charAt(0) == 'i' && line.indexOf("id: ") == 0) {
                eventId = line.substring(4);
            } else if (eventSent == 0 && line.length() > 6 && line.charAt(0) == 'd' && line.indexOf("data: ") == 0) {
                eventSent = Math.max(0, parseLong(line, 6));
            }
            line.setLength(0);
        }

        /**
         * An event counts once its blank line arrived, as a browser dispatches it: a connection dropped in the middle of
         * one resumes before it, and gets it again whole.
         */
        private void dispatch(long now) {
            if (eventId != null) {
                lastEventId = eventId;
            }
            if (eventSent > 0) {
                if (received > 0 && eventSent - lastSent <= 0) {
                    outOfOrder++;
                }
                lastSent = eventSent;
                received++;
                deliveries.incrementAndGet();
                synchronized (histogramLock) {
                    latency.recordValue(Math.min(HOUR_NANOS, Math.max(0, now - eventSent)));
                }
            }
            eventId = null;
            eventSent = 0;
        }

        private long parseLong(CharSequence text, int from) {
            long value = 0;
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }
}
