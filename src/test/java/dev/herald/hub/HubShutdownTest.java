package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.RecordingSink;
import dev.herald.testing.TestConfig;
import dev.herald.transport.LocalTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stopping the hub: nothing acknowledged is left behind, nothing new is taken, and it ends within its bound. */
class HubShutdownTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Pattern RETRY = Pattern.compile("retry: (\\d+)\n\n$");

    private final LocalTransport transport = new LocalTransport(100_000, 100_000_000, Thread::new);
    private final Hub hub = new Hub(TestConfig.of("herald.shutdown.timeout", TIMEOUT.toMillis() + "ms"), transport,
            new SimpleMeterRegistry(), Clock.systemUTC());

    @AfterEach
    void stop() {
        hub.stop();
        transport.close();
    }

    @Test
    void everyAcknowledgedUpdateIsQueuedBeforeTheStreamEnds() {
        RecordingSink sink = subscribe();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Update update = update("u" + i);
            hub.publish(update);
            acknowledged.add(update.id());
        }
        hub.shutdown();
        assertEquals(acknowledged, sink.ids(), "the dispatcher was still handing on when the hub stopped");
        assertTrue(sink.closed());
        Matcher retry = RETRY.matcher(sink.text());
        assertTrue(retry.find(), "the last frame tells the client when to reconnect: " + tail(sink.text()));
        assertTrue(Long.parseLong(retry.group(1)) <= Hub.RECONNECT_SPREAD.toMillis());
    }

    @Test
    void publishesAreRefusedOnceItStops() {
        hub.shutdown();
        HubUnavailableException refused = assertThrows(HubUnavailableException.class, () -> hub.publish(update("x")));
        assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
    }

    @Test
    void aSubscriptionThatStartsWhileItStopsEndsAtOnce() throws Exception {
        CountDownLatch stopping = new CountDownLatch(1);
        RecordingSink slow = subscribe();
        slow.hold(); // holds the shutdown in its last wait, until the bound
        Thread shutdown = new Thread(() -> {
            stopping.countDown();
            hub.shutdown();
        });
        shutdown.start();
        stopping.await();
        Thread.sleep(50);
        RecordingSink late = subscribe();
        assertTrue(late.closed(), "a subscription during the shutdown is sent elsewhere at once");
        assertTrue(RETRY.matcher(late.text()).find(), late.text());
        shutdown.join();
    }

    @Test
    void aSubscriberThatDoesNotLeaveIsCutAtTheBound() {
        RecordingSink sink = subscribe();
        sink.hold();
        long started = System.nanoTime();
        hub.shutdown();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(sink.closed());
        assertTrue(millis >= TIMEOUT.toMillis() - 50 && millis < TIMEOUT.toMillis() + 1_000, millis + " ms");
    }

    private RecordingSink subscribe() {
        RecordingSink sink = new RecordingSink();
        hub.subscribe(new Subscriber(List.of(TopicSelector.of("t")), List.of(), null, sink), null);
        return sink;
    }

    private static Update update(String id) {
        return Update.of(id, List.of("t"), "data", false, null, null);
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 80));
    }
}
