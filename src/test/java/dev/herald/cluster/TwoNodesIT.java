package dev.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.RedisServer;
import dev.herald.testing.SseConnection;
import dev.herald.testing.SseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Herald nodes on one Redis, one on Payara Micro and one on WildFly (the same WAR), as real processes: updates and
 * history cross from one node to the other in one order, the counter is one for the cluster, a publish fails fast while
 * Redis is paused or restarting and nothing acknowledged is lost, and subscribers of a node killed under load resume on
 * the other with every acknowledged update exactly once. The nodes take most of a minute to start, so the tests share
 * them; each uses a topic of its own, and the test that kills a node runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The steady load of the tests with Redis away or a node killed: one publish every 50 ms. */
    private static final int RATE = 20;
    /** What a publish may take while Redis is paused: herald.redis.timeout (1 s) and a margin for a loaded machine. */
    private static final Duration PAUSED_PUBLISH_BOUND = Duration.ofSeconds(2);
    /** What a publish may take while Redis restarts, as the issue puts it: no publish hangs. */
    private static final Duration RESTART_PUBLISH_BOUND = Duration.ofSeconds(3);
    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

    private RedisServer redis;
    private HeraldNode payara;
    private HeraldNode wildfly;
    private HubClient onPayara;
    private HubClient onWildfly;

    @BeforeAll
    void startTheCluster() {
        redis = RedisServer.start();
        Map<String, String> settings = NodeSettings.cluster(redis.url());
        payara = HeraldNode.payara(settings);
        wildfly = HeraldNode.wildfly(settings);
        // Side by side: each takes most of a minute, mostly waiting on its own.
        CompletableFuture<HeraldNode> payaraStarted = CompletableFuture.supplyAsync(payara::start);
        wildfly.start();
        payaraStarted.join();
        onPayara = new HubClient(payara.base());
        onWildfly = new HubClient(wildfly.base());
    }

    @AfterAll
    void stopTheCluster() {
        for (AutoCloseable process : new AutoCloseable[] {payara, wildfly, redis}) {
            if (process != null) {
                try {
                    process.close();
                } catch (Exception e) {
                    System.err.println("Closing " + process + " failed: " + e);
                }
            }
        }
    }

    @Test
    @Order(1)
    void bothNodesFollowTheOneRedis() {
        for (HubClient node : List.of(onPayara, onWildfly)) {
            NodeStatus status = node.status();
            assertEquals(redis.url(), status.text("transport"), () -> node + ": " + status);
            assertTrue(status.flag("transportConnected"), () -> node + ": " + status);
        }
    }

    @Test
    @Order(2)
    void updatesPublishedOnEitherNodeReachSubscribersOfBothInOneOrder() throws Exception {
        String topic = "https://herald.test/cluster/order";
        try (ResumingSubscriber atPayara = ResumingSubscriber.open("at-payara", onPayara, topic, WAIT);
             ResumingSubscriber atWildfly = ResumingSubscriber.open("at-wildfly", onWildfly, topic, WAIT)) {
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                HubClient node = i % 2 == 0 ? onPayara : onWildfly;
                String id = "order-" + i;
                HubClient.Answer answer = node.publish(topic, id, "update " + i);
                assertEquals(200, answer.status(), () -> "publishing " + id + " on " + node + ": " + answer + logs());
                published.add(id);
            }

            for (ResumingSubscriber subscriber : List.of(atPayara, atWildfly)) {
                subscriber.awaitIds(published, WAIT);
                // One publisher, each publish answered before the next: this is the stream's order.
                assertEquals(published, subscriber.ids(), () -> subscriber + logs());
                assertEquals(1, subscriber.connections(), () -> subscriber + logs());
            }
        }
    }

    @Test
    @Order(3)
    void historyPublishedOnOneNodeReplaysOnTheOther() throws Exception {
        String topic = "https://herald.test/cluster/history";
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "history-" + i;
            HubClient.Answer answer = onPayara.publish(topic, id, "update " + i);
            assertEquals(200, answer.status(), () -> "publishing " + id + ": " + answer + logs());
            published.add(id);
        }

        // At once, while WildFly may not have followed the stream that far yet.
        try (SseConnection fromTheMiddle = onWildfly.subscribe(topic, Map.of("Last-Event-ID", "history-9"))) {
            List<SseEvent> events = fromTheMiddle.nextEvents(10, WAIT);
            assertEquals(published.subList(10, 20), ids(events), () -> events + logs());
        }
        try (SseConnection fromTheStart = onWildfly.subscribe(topic, Map.of("Last-Event-ID", "earliest"))) {
            List<SseEvent> events = fromTheStart.nextEvents(20, WAIT);
            assertEquals(published, ids(events), () -> events + logs());
        }
        try (SseConnection fromNowhere = onWildfly.subscribe(topic, Map.of("Last-Event-ID", "history-none"))) {
            SseEvent gap = fromNowhere.nextEvents(1, WAIT).get(0);
            assertEquals("gap", gap.event(), () -> gap + logs());
            assertEquals("{\"lastEventId\":\"history-none\",\"reason\":\"unknown\"}", gap.data());
        }
    }

    @Test
    @Order(4)
    void theCounterIsOneForTheCluster() throws Exception {
        Map<Long, String> atPayara;
        Map<Long, String> atWildfly;
        try (SseConnection payaraCounter = onPayara.counter(Map.of());
             SseConnection wildflyCounter = onWildfly.counter(Map.of())) {
            atPayara = countIds(payaraCounter.nextEvents(4, WAIT));
            atWildfly = countIds(wildflyCounter.nextEvents(4, WAIT));
        }
        Set<Long> both = new HashSet<>(atPayara.keySet());
        both.retainAll(atWildfly.keySet());
        // One stream may have opened a tick after the other.
        assertTrue(both.size() >= 3, () -> "Payara counted " + atPayara + ", WildFly " + atWildfly + logs());
        for (long count : both) {
            assertEquals(atPayara.get(count), atWildfly.get(count),
                    () -> "count " + count + ": Payara sent " + atPayara + ", WildFly " + atWildfly + logs());
        }

        assertCountingGoesOnAfterMoving(onPayara, onWildfly);
        assertCountingGoesOnAfterMoving(onWildfly, onPayara);

        NodeStatus payaraStatus = onPayara.status();
        NodeStatus wildflyStatus = onWildfly.status();
        assertTrue(payaraStatus.flag("counterLease") ^ wildflyStatus.flag("counterLease"),
                () -> "exactly one node ticks; Payara: " + payaraStatus + ", WildFly: " + wildflyStatus + logs());
    }

    @Test
    @Order(5)
    void aPublishAnswers503SoonWhileRedisIsPausedAndWorksAfter() throws Exception {
        String topic = "https://herald.test/cluster/pause";
        try (ResumingSubscriber atWildfly = ResumingSubscriber.open("at-wildfly", onWildfly, topic, WAIT)) {
            // Long enough for a publish on each node and the made-up ids below, a second or so each.
            redis.pause(Duration.ofSeconds(6));
            List<HubClient.Answer> answers = new ArrayList<>();
            HubClient.Answer paused = onPayara.publish(topic, "pause-during", "held back");
            answers.add(paused);
            assertEquals(503, paused.status(), () -> paused + logs());
            assertEquals("1", paused.retryAfter().orElse(null), paused::toString);
            HubClient.Answer pausedOnWildfly = onWildfly.publish(topic, "pause-during-wildfly", "held back");
            answers.add(pausedOnWildfly);
            assertEquals(503, pausedOnWildfly.status(), () -> pausedOnWildfly + logs());
            for (HubClient node : List.of(onPayara, onWildfly)) {
                assertMadeUpIdsAreAnsweredAtOnce(node, topic);
            }

            // Each try answers 503 until the pause ends; then one answers 200.
            long deadline = System.nanoTime() + WAIT.toNanos();
            HubClient.Answer answer;
            do {
                assertTrue(System.nanoTime() < deadline, () -> "no publish answered 200: " + answers + logs());
                answer = onPayara.publish(topic, "pause-after-" + answers.size(), "after the pause");
                answers.add(answer);
            } while (answer.status() != 200);

            atWildfly.awaitIds(List.of(answer.body()), WAIT);
            List<String> received = atWildfly.ids();
            assertEquals(received.size(), new HashSet<>(received).size(), () -> atWildfly + logs());
            assertEquals(List.of(), atWildfly.gaps(), () -> atWildfly + logs());
            // Last, so that a slow answer does not hide whether publishing recovered.
            for (HubClient.Answer each : answers) {
                assertTrue(each.took().compareTo(PAUSED_PUBLISH_BOUND) < 0,
                        () -> "a publish took " + each.took() + " with herald.redis.timeout="
                                + NodeSettings.REDIS_TIMEOUT + ": " + answers + "; " + atWildfly + logs());
            }
        }
    }

    @Test
    @Order(6)
    void everyAcknowledgedUpdateArrivesOnceWhileRedisRestarts() throws Exception {
        String topic = "https://herald.test/cluster/restart";
        try (ResumingSubscriber atPayara = ResumingSubscriber.open("at-payara", onPayara, topic, WAIT);
             ResumingSubscriber atWildfly = ResumingSubscriber.open("at-wildfly", onWildfly, topic, WAIT);
             SteadyPublisher publisher = SteadyPublisher.start(onPayara, topic, "restart", RATE)) {
            publisher.awaitAcknowledged(RATE, WAIT);
            int payaraHeartbeats = atPayara.heartbeats();
            int wildflyHeartbeats = atWildfly.heartbeats();

            redis.restart();
            // Longer than a heartbeat period (5 s), so each stream must have had one since Redis went away.
            Thread.sleep(6_000);
            publisher.stop();

            assertTrue(publisher.statuses().containsKey(503), () -> "no publish met the restart: " + publisher);
            assertEquals(Set.of(200, 503), publisher.statuses().keySet(), () -> publisher + logs());
            assertTrue(publisher.longest().compareTo(RESTART_PUBLISH_BOUND) < 0, () -> publisher + logs());
            for (ResumingSubscriber subscriber : List.of(atPayara, atWildfly)) {
                assertDeliveredOnceInOrder(publisher, subscriber);
                assertEquals(1, subscriber.connections(), () -> "the stream did not stay open: " + subscriber + logs());
            }
            assertTrue(atPayara.heartbeats() > payaraHeartbeats, () -> atPayara + logs());
            assertTrue(atWildfly.heartbeats() > wildflyHeartbeats, () -> atWildfly + logs());
        }
    }

    /**
     * Anyone may send a {@code Last-Event-ID}; one a node does not know is looked up in Redis, a few at a time. With
     * Redis stalled, only those few wait for it (herald.redis.timeout, 1 s); the rest get their gap event at once.
     */
    private void assertMadeUpIdsAreAnsweredAtOnce(HubClient node, String topic) {
        int subscribers = 40;
        ExecutorService all = Executors.newFixedThreadPool(subscribers);
        List<CompletableFuture<Duration>> answered = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            String id = "made-up-" + i;
            answered.add(CompletableFuture.supplyAsync(() -> {
                long started = System.nanoTime();
                try (SseConnection connection = node.subscribe(topic, Map.of("Last-Event-ID", id))) {
                    SseEvent gap = connection.next(event -> "gap".equals(event.event()), WAIT);
                    assertTrue(gap.data().contains(id), gap::toString);
                }
                return Duration.ofNanos(System.nanoTime() - started);
            }, all));
        }
        List<Duration> took = answered.stream().map(CompletableFuture::join).toList();
        all.shutdown();
        long atOnce = took.stream().filter(each -> each.toMillis() < 900).count();
        assertTrue(atOnce >= subscribers - 10, () -> node + ": only " + atOnce + " of " + subscribers
                + " made-up ids were answered within 0.9 s while Redis stalled: " + took + logs());
    }

    /** Last: WildFly does not come back. */
    @Test
    @Order(7)
    void subscribersOfAKilledNodeResumeOnTheOtherWithEveryAcknowledgedUpdateOnce() throws Exception {
        String topic = "https://herald.test/cluster/kill";
        try (ResumingSubscriber first = ResumingSubscriber.open("first-at-wildfly", onWildfly, topic, WAIT);
             ResumingSubscriber second = ResumingSubscriber.open("second-at-wildfly", onWildfly, topic, WAIT);
             ResumingSubscriber survivor = ResumingSubscriber.open("at-payara", onPayara, topic, WAIT);
             SteadyPublisher publisher = SteadyPublisher.start(onPayara, topic, "kill", RATE)) {
            publisher.awaitAcknowledged(2 * RATE, WAIT);
            first.awaitIdCount(RATE, WAIT);
            second.awaitIdCount(RATE, WAIT);

            first.moveTo(onPayara);
            second.moveTo(onPayara);
            wildfly.kill();
            Thread.sleep(4_000);
            publisher.stop();

            // Payara's Redis was never away: every publish is acknowledged.
            assertEquals(Set.of(200), publisher.statuses().keySet(), () -> publisher + logs());
            for (ResumingSubscriber subscriber : List.of(first, second, survivor)) {
                assertDeliveredOnceInOrder(publisher, subscriber);
            }
            first.awaitConnections(2, WAIT);
            second.awaitConnections(2, WAIT);
            assertEquals(1, survivor.connections(), () -> survivor + logs());
        }
    }

    /**
     * Every acknowledged update reached {@code subscriber} exactly once and in the order of the acknowledgements; it
     * may also have received an update whose publish failed after Redis took it, but only once, and nothing else.
     */
    private void assertDeliveredOnceInOrder(SteadyPublisher publisher, ResumingSubscriber subscriber)
            throws InterruptedException {
        List<String> acknowledged = publisher.acknowledged();
        subscriber.awaitIds(acknowledged, WAIT);
        List<String> received = subscriber.ids();
        Set<String> acknowledgedIds = new HashSet<>(acknowledged);
        assertEquals(acknowledged, received.stream().filter(acknowledgedIds::contains).toList(),
                () -> "not every acknowledged update exactly once, in order: " + subscriber + "; " + publisher
                        + logs());
        assertEquals(received.size(), new HashSet<>(received).size(),
                () -> "an update twice: " + subscriber + "; " + publisher + logs());
        Set<String> tried = new HashSet<>(publisher.tried());
        assertEquals(List.of(), received.stream().filter(id -> !tried.contains(id)).toList(),
                () -> "updates never published: " + subscriber + logs());
        assertEquals(List.of(), subscriber.gaps(), () -> subscriber + logs());
    }

    /**
     * Reads two counts on {@code from}, then opens the counter on {@code to} with the last one's id: the next counts
     * follow on, with the ids that {@code from} would have given them.
     */
    private void assertCountingGoesOnAfterMoving(HubClient from, HubClient to) {
        SseEvent last;
        try (SseConnection counter = from.counter(Map.of())) {
            last = counter.nextEvents(2, WAIT).get(1);
        }
        long count = count(last);
        String epoch = last.id().substring(0, last.id().lastIndexOf('-') + 1);
        try (SseConnection counter = to.counter(Map.of("Last-Event-ID", last.id()))) {
            List<SseEvent> next = counter.nextEvents(3, WAIT);
            assertEquals(LongStream.rangeClosed(count + 1, count + 3).mapToObj(n -> epoch + n).toList(), ids(next),
                    () -> "after " + last + " on " + from + ", " + to + " sent " + next + logs());
        }
    }

    /** Each count event's count, read from its data, with its id. */
    private static Map<Long, String> countIds(List<SseEvent> events) {
        Map<Long, String> ids = new LinkedHashMap<>();
        events.forEach(event -> ids.put(count(event), event.id()));
        return ids;
    }

    private static long count(SseEvent event) {
        assertEquals("count", event.event(), event::toString);
        Matcher matcher = COUNT.matcher(event.data());
        assertTrue(matcher.find(), event::toString);
        return Long.parseLong(matcher.group(1));
    }

    private static List<String> ids(List<SseEvent> events) {
        return events.stream().map(SseEvent::id).toList();
    }

    /** The end of both nodes' logs, for a failure's message. */
    private String logs() {
        return "\n--- " + payara + ":\n" + payara.logTail() + "\n--- " + wildfly + ":\n" + wildfly.logTail();
    }
}
