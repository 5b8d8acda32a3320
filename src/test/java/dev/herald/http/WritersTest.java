package dev.herald.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.HubMetrics;
import dev.herald.testing.FakeStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer threads: round robin, surviving any failure of one connection, and gone after close. */
class WritersTest {

    private final List<Thread> threads = new ArrayList<>();
    private final Writers writers = new Writers(task -> {
        Thread thread = new Thread(task);
        threads.add(thread);
        return thread;
    }, 1);

    @Test
    void aConnectionThatThrowsAnythingIsClosedAndTheWriterGoesOn() throws Exception {
        FakeStream broken = new FakeStream();
        FakeStream healthy = new FakeStream();
        StreamConnection failing = new StreamConnection(broken.asyncContext(), writers.assign(), 10, new HubMetrics(new SimpleMeterRegistry()));
        StreamConnection working = new StreamConnection(healthy.asyncContext(), writers.assign(), 10, new HubMetrics(new SimpleMeterRegistry()));
        failing.start(() -> { });
        working.start(() -> { });
        broken.failWrites(new AssertionError("a container bug"));
        failing.send("x\n".getBytes(StandardCharsets.UTF_8));
        working.send("y\n".getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((!failing.isClosed() || !healthy.text().equals("y\n")) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(failing.isClosed(), "the failing connection is closed");
        assertEquals("y\n", healthy.text(), "the same writer thread still writes for the others");
        writers.close();
    }

    @Test
    void closeEndsEveryWriterThread() throws Exception {
        assertEquals(1, threads.size());
        assertTrue(threads.get(0).isAlive());
        writers.close();
        threads.get(0).join(2_000);
        assertFalse(threads.get(0).isAlive(), "no thread is left behind after an undeploy");
    }
}
