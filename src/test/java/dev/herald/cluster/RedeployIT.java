package dev.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Jcmd;
import dev.herald.testing.RedisServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Herald redeployed three times on a running server, under a steady load, as an operator rolls out a new version: on
 * Payara Micro (its hot redeploy) and on WildFly (undeploy, then deploy). Each time every stream ends with the hub's
 * farewell and resumes on the new deployment with nothing missed or repeated, and the old deployment leaves nothing
 * behind: none of Herald's threads, timers or Redis connections outlive it (counted with jcmd and Redis's CLIENT LIST).
 */
class RedeployIT {

    private static final int CYCLES = 3;
    private static final int RATE = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Herald's periodic tasks, one object each: the hub's heartbeat and sweep, the counter's four. */
    private static final String TIMER_CLASS = "dev.herald.Periodic$Guarded";
    private static final String TOPIC = "https://herald.test/redeploy";

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void onPayaraMicro() throws Exception {
        redeployUnderLoad(HeraldNode.payara(settings("herald-redeploy-payara")));
    }

    @Test
    void onWildFly() throws Exception {
        redeployUnderLoad(HeraldNode.wildfly(settings("herald-redeploy-wildfly")));
    }

    private void redeployUnderLoad(HeraldNode server) throws Exception {
        try (HeraldNode node = server.start()) {
            HubClient hub = new HubClient(node.base());
            try (ResumingSubscriber subscriber = ResumingSubscriber.open("redeployed", hub, TOPIC, WAIT);
                 SteadyPublisher publisher = SteadyPublisher.start(hub, TOPIC, "redeploy", RATE)) {
                publisher.awaitAcknowledged(RATE, WAIT);
                Footprint deployed = Footprint.of(node);
                assertTrue(deployed.timers() > 0 && !deployed.threads().isEmpty() && !deployed.connections().isEmpty(),
                        () -> "no footprint to compare with: " + deployed);
                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    Footprint before = Footprint.of(node);
                    node.redeploy(() -> awaitFootprint(node, Footprint::isEmpty, "nothing while Herald is undeployed"));
                    awaitFootprint(node, now -> now.threads().equals(deployed.threads())
                                    && now.timers() == deployed.timers()
                                    && now.connections().stream().noneMatch(before.connections()::contains),
                            "one deployment's threads and timers, and none of the old deployment's connections"
                                    + " (deployed: " + deployed + "; before redeploying: " + before + ")");
                    int acknowledged = publisher.acknowledged().size();
                    publisher.awaitAcknowledged(acknowledged + RATE, WAIT);
                    subscriber.awaitConnections(cycle + 1, WAIT);
                }
                publisher.stop();
                List<String> acknowledged = publisher.acknowledged();
                subscriber.awaitIds(acknowledged, WAIT);
                assertEquals(acknowledged, subscriber.ids(), () -> subscriber + "\n" + publisher + log(node));
                assertEquals(CYCLES, subscriber.farewells(), () -> "every redeploy ends the stream with a farewell: "
                        + subscriber + log(node));
                System.out.printf("%s: %d updates across %d redeploys, publish answers %s%n", node,
                        acknowledged.size(), CYCLES, publisher.statuses());
            }
        }
    }

    /** Herald's threads, timers and Redis connections in a server, as one deployment leaves them. */
    private record Footprint(List<String> threads, long timers, Set<String> connections) {

        static Footprint of(HeraldNode node) {
            long pid = node.pid();
            List<String> threads = Jcmd.threadNames(pid).stream().filter(name -> name.startsWith("herald-")).sorted()
                    .toList();
            return new Footprint(threads, Jcmd.liveInstances(pid, TIMER_CLASS), heraldConnections());
        }

        boolean isEmpty() {
            return threads.isEmpty() && timers == 0 && connections.isEmpty();
        }

        /** The ids of the Redis connections Herald opened: it names them "herald". */
        private static Set<String> heraldConnections() {
            return redis.command("CLIENT", "LIST").lines()
                    .map(line -> Arrays.stream(line.split(" "))
                            .collect(Collectors.toMap(field -> field.substring(0, field.indexOf('=')),
                                    field -> field.substring(field.indexOf('=') + 1), (a, b) -> a)))
                    .filter(fields -> "herald".equals(fields.get("name")))
                    .map(fields -> fields.get("id"))
                    .collect(Collectors.toSet());
        }
    }

    /**
     * Waits until the server's footprint is {@code expected}: a cancelled timer may stay queued until its next run,
     * and a closed connection takes Redis a moment to notice.
     */
    private static void awaitFootprint(HeraldNode node, Predicate<Footprint> expected, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Footprint now = Footprint.of(node);
        while (!expected.test(now) && System.nanoTime() < deadline) {
            HeraldNode.sleep(Duration.ofSeconds(1));
            now = Footprint.of(node);
        }
        Footprint last = now;
        assertTrue(expected.test(last), () -> "expected " + what + ", found " + last + log(node));
    }

    private static Map<String, String> settings(String prefix) {
        Map<String, String> settings = new HashMap<>(NodeSettings.cluster(redis.url()));
        settings.put("herald.redis.prefix", prefix);
        // Cancelled periodic tasks leave the server's scheduler at their next run: within seconds.
        settings.put("herald.heartbeat", "2s");
        return settings;
    }

    private static String log(HeraldNode node) {
        return "\nthe end of " + node + "'s log:\n" + node.logTail();
    }
}
