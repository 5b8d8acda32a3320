package dev.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.RedisSentinel;
import dev.herald.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node that finds Redis through Sentinel ({@code herald.transport=redis-sentinel://…/herald}), on Payara Micro with
 * a real redis-server and redis-sentinel: it publishes into the master that Sentinel names, and delivers.
 */
class SentinelIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aNodeOnSentinelPublishesIntoTheMasterAndDelivers() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisSentinel sentinel = RedisSentinel.start(redis);
             HeraldNode node = HeraldNode.payara(NodeSettings.cluster(sentinel.url()))) {
            node.start();
            HubClient hub = new HubClient(node.base());

            String topic = "https://herald.test/cluster/sentinel";
            List<String> published = new ArrayList<>();
            try (ResumingSubscriber subscriber = ResumingSubscriber.open("subscriber", hub, topic, WAIT)) {
                for (int i = 0; i < 5; i++) {
                    HubClient.Answer answer = hub.publish(topic, "sentinel-" + i, "update " + i);
                    assertEquals(200, answer.status(), () -> answer + "\n" + node.logTail());
                    published.add(answer.body());
                }
                subscriber.awaitIds(published, WAIT);
                assertEquals(published, subscriber.ids(), () -> subscriber + "\n" + node.logTail());
            }
            // The counter's ticks are in the stream too: look for these updates among them.
            String stream = redis.command("XRANGE", NodeSettings.REDIS_PREFIX + ":updates", "-", "+");
            List<String> lines = List.of(stream.split("\n"));
            assertTrue(lines.containsAll(published),
                    () -> "the updates are not in the stream of the master that Sentinel named: " + stream);
            NodeStatus status = hub.status();
            assertEquals(sentinel.url(), status.text("transport"), status::toString);
            assertTrue(status.flag("transportConnected"), status::toString);
        }
    }
}
