package dev.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several nodes of one system sharing one Redis, measured as one target: the publisher posts to the first node,
 * subscribers may connect to any, and what the cluster costs is the sum over its nodes and redis-server.
 */
final class ClusterTarget implements Target {

    private final String name;
    private final RedisServer redis;
    private final List<Target> nodes;

    /** @param nodes the nodes, not started yet, each configured to use {@code redis} */
    ClusterTarget(String name, RedisServer redis, List<Target> nodes) {
        this.name = name;
        this.redis = redis;
        this.nodes = nodes;
    }

    /** Two Herald nodes on Payara Micro, on free ports, with the Redis transport on one fresh redis-server. */
    static ClusterTarget herald(Path target) {
        RedisServer redis = new RedisServer();
        List<Target> nodes = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            nodes.add(HeraldTarget.payara(target, "Herald cluster node " + node, Ports.free(),
                    List.of("-Dherald.transport=" + redis.url())));
        }
        return new ClusterTarget("Herald cluster, 2 Payara Micro nodes on Redis", redis, nodes);
    }

    /** Two nginx instances (one worker each) on free ports, keeping Nchan's messages in one fresh redis-server. */
    static ClusterTarget nchan(Path own) {
        RedisServer redis = new RedisServer();
        List<Target> nodes = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            nodes.add(new NchanTarget("nginx + Nchan cluster node " + node, 1, own.resolve("nchan-cluster-" + node),
                    Ports.free(), redis.url()));
        }
        return new ClusterTarget("nginx + Nchan cluster, 2 instances on Redis", redis, nodes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        redis.start();
        for (Target node : nodes) {
            node.start();
        }
    }

    @Override
    public URI server() {
        return nodes.get(0).server();
    }

    @Override
    public List<URI> nodes() {
        return nodes.stream().map(Target::server).toList();
    }

    @Override
    public String subscribePath(String topic) {
        return nodes.get(0).subscribePath(topic);
    }

    @Override
    public String replayHeaders(String lastEventId) {
        return nodes.get(0).replayHeaders(lastEventId);
    }

    @Override
    public String publish(String topic, String payload) throws IOException, InterruptedException {
        return nodes.get(0).publish(topic, payload);
    }

    /** Each node counts only its own subscribers. */
    @Override
    public int subscriberCount() throws IOException, InterruptedException {
        int count = 0;
        for (Target node : nodes) {
            count += node.subscriberCount();
        }
        return count;
    }

    @Override
    public ProcessHandle process() {
        return null;
    }

    /** The nodes' and redis-server's processor time together: Redis's work is part of every delivery here. */
    @Override
    public CpuTime cpuTime() throws IOException {
        CpuTime sum = redis.cpuTime();
        for (Target node : nodes) {
            CpuTime time = node.cpuTime();
            sum = sum.known() && time.known()
                    ? new CpuTime(sum.userNanos() + time.userNanos(), sum.kernelNanos() + time.kernelNanos())
                    : CpuTime.UNKNOWN;
        }
        return sum;
    }

    @Override
    public long rssBytes() throws IOException {
        long sum = redis.rssBytes();
        for (Target node : nodes) {
            sum += node.rssBytes();
        }
        return sum;
    }

    @Override
    public long heapAfterGcBytes() {
        return -1;
    }

    /** Stops every node, then Redis; a node that fails to stop does not keep the others running. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Target node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + node.name() + ": " + e);
            }
        }
        redis.close();
    }
}
