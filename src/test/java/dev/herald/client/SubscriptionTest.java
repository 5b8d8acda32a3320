package dev.herald.client;

import static dev.herald.client.ScriptedHub.answer;
import static dev.herald.client.ScriptedHub.silent;
import static dev.herald.client.ScriptedHub.status;
import static dev.herald.client.ScriptedHub.streamThenEnd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * How a subscription reconnects, gives up and ends, against a scripted hub (the real one is in it/JavaClientIT).
 */
class SubscriptionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingListener listener = new RecordingListener();

    @Test
    void afterAStreamEndsOrA503ItReconnectsAfterTheStreamsRetryWithTheLastEventId() throws Exception {
        try (ScriptedHub hub = new ScriptedHub(
                streamThenEnd(":\nretry: 200\n\nid: 1\ndata: a\n\nid: 2\n\n"),
                status(503, "busy"),
                streamThenEnd("data: b\n\n"),
                status(500, "broken"));
             HeraldClient client = client(hub, builder -> builder.reconnectDelay(Duration.ofSeconds(30)))) {
            client.subscribe(SubscriptionRequest.to("urn:a", "https://example.com/{x}").bearer("t0k"), listener);
            assertHeard("open", "event 1 message a", "retrying EOFException", "retrying HubException 503", "open",
                    "event 2 message b", "retrying EOFException", "retrying HubException 500");

            List<ScriptedHub.Request> requests = hub.requests();
            assertEquals(Arrays.asList(null, "2", "2", "2"),
                    requests.stream().map(ScriptedHub.Request::lastEventId).toList(),
                    "the id of the last event, also of one without data, is sent back");
            assertEquals("topic=urn%3Aa&topic=https%3A%2F%2Fexample.com%2F%7Bx%7D", requests.get(0).query());
            assertEquals("Bearer t0k", requests.get(0).authorization());
            long firstWait = millisBetween(requests.get(0), requests.get(1));
            long secondWait = millisBetween(requests.get(1), requests.get(2));
            assertTrue(firstWait >= 200 && firstWait < 2000, "waited the stream's retry, not 30 s: " + firstWait);
            assertTrue(secondWait >= 400, "a failed attempt doubles the wait: " + secondWait);
        }
    }

    @Test
    void anIdThatIsNoValidHeaderValueIsSentAsTheLastEventIdParameter() throws Exception {
        try (ScriptedHub hub = new ScriptedHub(streamThenEnd(""), streamThenEnd(""));
             HeraldClient client = client(hub, UnaryOperator.identity())) {
            client.subscribe(SubscriptionRequest.to("urn:a").after("urn:é"), listener);
            client.subscribe(SubscriptionRequest.to("urn:a").after("earliest"), new RecordingListener());
            assertHeard("open");
            TimeUnit.MILLISECONDS.sleep(300);
            List<ScriptedHub.Request> requests = hub.requests();
            assertTrue(requests.stream().anyMatch(request -> request.lastEventId() == null
                    && "topic=urn%3Aa&lastEventID=urn%3A%C3%A9".equals(request.query())), requests.toString());
            assertTrue(requests.stream().anyMatch(request -> "earliest".equals(request.lastEventId())
                    && "topic=urn%3Aa".equals(request.query())), requests.toString());
        }
    }

    @Test
    void aRefusalThatWouldOnlyRepeatEndsTheSubscriptionWithoutRetrying() throws Exception {
        for (ScriptedHub.Answer refusal : List.of(status(401, "invalid token"), status(403, "not allowed"),
                status(400, "no topic"), answer(200, "text/html", "<p>a login page</p>"))) {
            RecordingListener heard = new RecordingListener();
            try (ScriptedHub hub = new ScriptedHub(refusal); HeraldClient client = client(hub, UnaryOperator.identity())) {
                Subscription subscription = client.subscribe(SubscriptionRequest.to("urn:a"), heard);
                assertTrue(heard.next(WAIT).startsWith("closed HubException "));
                assertNull(heard.poll(Duration.ofMillis(500)), "nothing after it");
                assertEquals(1, hub.requests().size(), "no second attempt");
                assertEquals(Subscription.State.CLOSED, subscription.state());
            }
        }
    }

    @Test
    void closeEndsTheStreamAtOnceAndTheClientsThreadsEndWithTheClient() throws Exception {
        try (ScriptedHub hub = new ScriptedHub()) {
            HeraldClient client = client(hub, builder -> builder.requestTimeout(Duration.ofMillis(200)));
            hub.script(hub.stream("id: 1\ndata: a\n\n"));
            Subscription subscription = client.subscribe(SubscriptionRequest.to("urn:a"), listener);
            assertHeard("open", "event 1 message a");
            assertNull(listener.poll(Duration.ofMillis(800)), "the request timeout does not cut an open stream");

            long start = System.nanoTime();
            subscription.close();
            assertHeard("closed null");
            assertTrue(hub.clientLeft.await(2, TimeUnit.SECONDS), "the connection is closed");
            assertEquals(Subscription.State.CLOSED, subscription.state());
            assertEquals("1", subscription.lastEventId());
            client.close();
            assertTrue(threadsEndWithin(Duration.ofSeconds(2)), "the client's threads end");
            System.out.printf("close: connection gone and threads ended %d ms after close()%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    @Test
    void closingTheClientClosesItsSubscriptionsAndAWaitingOneNeverReconnects() throws Exception {
        try (ScriptedHub hub = new ScriptedHub(status(503, "busy"))) {
            HeraldClient client = client(hub, builder -> builder.reconnectDelay(Duration.ofMillis(300)));
            client.subscribe(SubscriptionRequest.to("urn:a"), listener);
            assertHeard("retrying HubException 503");
            client.close();
            assertHeard("closed null");
            TimeUnit.MILLISECONDS.sleep(800);
            assertEquals(1, hub.requests().size());
        }
    }

    @Test
    void aStreamSilentForLongerThanTheIdleTimeoutIsTakenForDeadAndReconnected() throws Exception {
        try (ScriptedHub hub = new ScriptedHub(silent(10_000), streamThenEnd("retry: 100000\ndata: back\n\n"));
             HeraldClient client = client(hub, builder -> builder.idleTimeout(Duration.ofMillis(300))
                     .reconnectDelay(Duration.ofMillis(50)))) {
            long start = System.nanoTime();
            client.subscribe(SubscriptionRequest.to("urn:a"), listener);
            assertHeard("open", "retrying HttpTimeoutException", "open", "event  message back");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000);
        }
    }

    @Test
    void aHubThatAcceptsAndHangsUpWithoutEventsIsBackedOffFromEvenWhenItAsksForNoWait() throws Exception {
        ScriptedHub.Answer hangUp = streamThenEnd(":\nretry: 0\n\n");
        try (ScriptedHub hub = new ScriptedHub(hangUp, hangUp, hangUp, hangUp);
             HeraldClient client = client(hub, UnaryOperator.identity())) {
            client.subscribe(SubscriptionRequest.to("urn:a"), listener);
            assertHeard("open", "retrying EOFException", "open", "retrying EOFException", "open",
                    "retrying EOFException", "open");
            List<ScriptedHub.Request> requests = hub.requests();
            for (int i = 1; i < 4; i++) {
                long waited = millisBetween(requests.get(i - 1), requests.get(i));
                assertTrue(waited >= Backoff.MIN_MILLIS << (i - 1), "attempt " + i + " waited " + waited);
            }
        }
    }

    @Test
    void aRetryOverTheCapWaitsOnlyTheCap() throws Exception {
        try (ScriptedHub hub = new ScriptedHub(streamThenEnd("retry: 999999999\n\n"), streamThenEnd(""));
             HeraldClient client = client(hub, builder -> builder.maxReconnectDelay(Duration.ofMillis(100)))) {
            client.subscribe(SubscriptionRequest.to("urn:a"), listener);
            assertHeard("open", "retrying EOFException", "open");
        }
    }

    @Test
    void anEventOverTheLimitOrAListenerThatThrowsEndsTheSubscription() throws Exception {
        try (ScriptedHub hub = new ScriptedHub(streamThenEnd("data: " + "x".repeat(100) + "\n\n"));
             HeraldClient client = client(hub, builder -> builder.maxEventBytes(64))) {
            client.subscribe(SubscriptionRequest.to("urn:a"), listener);
            assertHeard("open", "closed EventTooLargeException");
            assertEquals(1, hub.requests().size());
        }
        try (ScriptedHub hub = new ScriptedHub(streamThenEnd("data: a\n\n"));
             HeraldClient client = client(hub, UnaryOperator.identity())) {
            List<Throwable> closedBy = new ArrayList<>();
            client.subscribe(SubscriptionRequest.to("urn:a"), new SubscriptionListener() {
                @Override
                public void onEvent(ServerSentEvent event) {
                    throw new IllegalStateException("the listener's own bug");
                }

                @Override
                public void onClosed(Throwable cause) {
                    synchronized (closedBy) {
                        closedBy.add(cause);
                        closedBy.notifyAll();
                    }
                }
            });
            synchronized (closedBy) {
                if (closedBy.isEmpty()) {
                    closedBy.wait(WAIT.toMillis());
                }
                assertEquals("the listener's own bug", closedBy.get(0).getMessage());
            }
            assertEquals(1, hub.requests().size());
        }
    }

    private static HeraldClient client(ScriptedHub hub, UnaryOperator<HeraldClient.Builder> settings) {
        return settings.apply(HeraldClient.builder(hub.uri())).build();
    }

    private void assertHeard(String... lines) throws InterruptedException {
        List<String> heard = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            heard.add(listener.next(WAIT));
        }
        assertEquals(List.of(lines), heard);
    }

    private static long millisBetween(ScriptedHub.Request first, ScriptedHub.Request second) {
        return TimeUnit.NANOSECONDS.toMillis(second.nanos() - first.nanos());
    }

    private static boolean threadsEndWithin(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("herald-client-"))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }
}
