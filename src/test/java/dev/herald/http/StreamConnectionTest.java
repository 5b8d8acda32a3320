package dev.herald.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.HubMetrics;
import dev.herald.hub.SseFrame;
import dev.herald.testing.FakeStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One subscriber's connection: queueing, batching, stalls, overflow and the clean-up that runs exactly once. */
class StreamConnectionTest {

    private final Writers writers = new Writers(Executors.defaultThreadFactory(), 2);
    private final FakeStream out = new FakeStream();
    private final AtomicInteger cleanUps = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HubMetrics metrics = new HubMetrics(registry);

    @AfterEach
    void stopWriters() {
        writers.close();
    }

    @Test
    void framesSentBeforeStartAreWrittenInOrderOnceItStarts() throws Exception {
        StreamConnection connection = connection(10);
        connection.send(bytes("a\n"));
        connection.send(bytes("b\n"));
        assertEquals("", out.text(), "nothing is written before start");
        connection.start(cleanUps::incrementAndGet);
        awaitText("a\nb\n");
    }

    @Test
    void aConnectionClosedBeforeStartIsCleanedUpWhenItStarts() throws Exception {
        StreamConnection connection = connection(10);
        connection.close();
        assertEquals(0, cleanUps.get());
        connection.start(cleanUps::incrementAndGet);
        assertEquals(1, cleanUps.get(), "the subscriber is unsubscribed even though it closed before start()");
        connection.close();
        assertEquals(1, cleanUps.get());
        assertEquals(1, out.completions());
    }

    @Test
    void aStalledSocketIsMeasuredAndResumedByOnWritePossible() throws Exception {
        StreamConnection connection = connection(10);
        connection.start(cleanUps::incrementAndGet);
        out.ready(false);
        connection.send(bytes("x\n"));
        Thread.sleep(50);
        assertTrue(connection.stalledNanos() >= Duration.ofMillis(40).toNanos(), connection.stalledNanos() + " ns");
        assertEquals("", out.text());
        out.drain();
        awaitText("x\n");
        assertEquals(0, connection.stalledNanos());
    }

    @Test
    void aSubscriberThatFallsTooFarBehindIsClosedOnce() throws Exception {
        StreamConnection connection = connection(3);
        connection.start(cleanUps::incrementAndGet);
        out.ready(false);
        for (int i = 0; i < 3; i++) {
            assertTrue(connection.send(bytes(i + "\n")));
        }
        assertEquals(3, connection.queued());
        assertFalse(connection.send(bytes("overflow\n")), "the fourth frame overflows the queue");
        assertTrue(connection.isClosed());
        assertFalse(connection.send(bytes("later\n")));
        assertEquals(1, cleanUps.get());
        assertEquals(1, registry.get("herald.slow.disconnects").tag("reason", "queue_overflow").functionCounter()
                .count(), "one slow-consumer disconnect");
        awaitTrue(() -> out.completions() == 1); // a writer still draining completes the response itself
        Thread.sleep(50);
        assertEquals(1, out.completions(), "the response is completed once");
    }

    @Test
    void writtenEventsAndBytesAreCountedButCommentsAreNoEvents() throws Exception {
        StreamConnection connection = connection(10);
        out.ready(false);
        connection.send(SseFrame.opening(3000));
        connection.send(bytes("data: a\n\n"));
        connection.send(SseFrame.HEARTBEAT);
        connection.send(bytes("id: b\ndata: b\n\n"));
        connection.start(cleanUps::incrementAndGet);
        assertEquals(0, deliveries(), "nothing is counted before it is written");
        out.drain();
        awaitTrue(() -> deliveries() == 2);
        String written = out.text();
        assertEquals(written.length(), registry.get("herald.sent.bytes").functionCounter().count());
        assertEquals(2, metrics.deliveries());
    }

    @Test
    void whenDrainedRunsOnceTheQueueIsWrittenAndNeverAfterClose() throws Exception {
        StreamConnection connection = connection(10);
        connection.start(cleanUps::incrementAndGet);
        out.ready(false);
        connection.send(bytes("queued\n"));
        AtomicInteger ran = new AtomicInteger();
        connection.whenDrained(ran::incrementAndGet);
        Thread.sleep(50);
        assertEquals(0, ran.get(), "the queue is not written yet");
        out.drain();
        awaitTrue(() -> ran.get() == 1);

        out.ready(false);
        connection.send(bytes("more\n"));
        connection.whenDrained(ran::incrementAndGet);
        connection.close();
        out.drain();
        Thread.sleep(50);
        assertEquals(1, ran.get(), "a closed connection runs no callback");
    }

    @Test
    void endWritesWhatIsQueuedThenTheLastFrameThenCompletes() throws Exception {
        StreamConnection connection = connection(3);
        connection.start(cleanUps::incrementAndGet);
        out.ready(false);
        for (int i = 0; i < 3; i++) {
            connection.send(bytes(i + "\n"));
        }
        AtomicInteger replayed = new AtomicInteger();
        connection.whenDrained(replayed::incrementAndGet);
        connection.end(bytes("last\n"));
        assertFalse(connection.send(bytes("after\n")), "nothing is taken after end()");
        assertFalse(connection.isClosed(), "a full queue is not a reason to drop what it holds");
        Thread.sleep(50);
        assertEquals(0, out.completions(), "the stream stays open until its queue is written");
        out.drain();
        awaitTrue(() -> out.completions() == 1);
        assertEquals("0\n1\n2\nlast\n", out.text());
        assertTrue(connection.isClosed());
        assertEquals(1, cleanUps.get());
        assertEquals(0, replayed.get(), "a replay does not go on after the end");
    }

    @Test
    void endOfAnIdleConnectionCompletesItAtOnce() throws Exception {
        StreamConnection connection = connection(10);
        connection.start(cleanUps::incrementAndGet);
        connection.send(bytes("a\n"));
        awaitText("a\n");
        connection.end(bytes("last\n"));
        awaitTrue(() -> out.completions() == 1);
        assertEquals("a\nlast\n", out.text());
        connection.end(bytes("again\n"));
        connection.close();
        Thread.sleep(50);
        assertEquals("a\nlast\n", out.text());
        assertEquals(1, out.completions());
        assertEquals(1, cleanUps.get());
    }

    @Test
    void framesFromManyThreadsAllArriveWhole() throws Exception {
        StreamConnection connection = connection(100_000);
        connection.start(cleanUps::incrementAndGet);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            senders.add(new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    connection.send(bytes("t" + thread + "-" + i + "\n"));
                }
            }));
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }
        awaitTrue(() -> out.text().split("\n").length == 8_000);
        for (int t = 0; t < 4; t++) {
            int last = -1;
            for (String line : out.text().split("\n")) {
                if (line.startsWith("t" + t + "-")) {
                    int i = Integer.parseInt(line.substring(line.indexOf('-') + 1));
                    assertEquals(last + 1, i, "frames of one sender stay in order");
                    last = i;
                }
            }
        }
    }

    private double deliveries() {
        return registry.get("herald.deliveries").functionCounter().count();
    }

    private StreamConnection connection(int capacity) throws Exception {
        return new StreamConnection(out.asyncContext(), writers.assign(), capacity, metrics);
    }

    private void awaitText(String expected) throws InterruptedException {
        awaitTrue(() -> out.text().equals(expected));
        assertEquals(expected, out.text());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), "not within 5 s");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
