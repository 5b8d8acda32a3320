package dev.herald.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Everything measured on one target; a scenario that was not run leaves its fields empty. */
final class Results {

    /** A memory growth that was not measured (nginx has no heap); growth itself may be negative. */
    static final long UNKNOWN = Long.MIN_VALUE;

    final String target;
    /** Per subscriber count, the measurement of each publish-rate step, in the order run. */
    final Map<Integer, List<Measurement>> fanout = new LinkedHashMap<>();
    Measurement fixedRate;
    long heapPerSubscriber = -1;
    long rssPerSubscriber = -1;
    /** Per reconnection, nanoseconds until all missed updates arrived. */
    Histogram replay;
    long replayReceived;
    Measurement slowAlone;
    Measurement slowWithStalled;
    long slowHeapGrowth = UNKNOWN;
    long slowRssGrowth;
    int stalledStillConnected;
    boolean churnSettled;
    /** The longest a churn wave took to be noticed, in seconds; -1 when churn was not run. */
    double churnSettleSeconds = -1;
    int churnSubscribersLeft;
    long churnHeapGrowth = UNKNOWN;
    long churnRssGrowth;
    /** 18,000 subscribers: heap per subscriber after a full GC (-1: not measured), 10 updates/s, the rising rate. */
    long limitHeapPerSubscriber = -1;
    Measurement limitFixed;
    final List<Measurement> limitSteps = new ArrayList<>();

    /** The reconnect storms, or {@code null} when not run. */
    ReconnectStorm.Outcome storm;

    /** The cluster scenario's fixed rate, with its subscribers split over the target's nodes. */
    Split clusterFixed;
    /** Per node, how many updates each of its subscribers received in the fixed rate (they all should have all). */
    List<LongSummaryStatistics> clusterReceived = List.of();
    /** Per node, the most its follower was behind the cluster's Redis stream during the fixed rate, or a dash. */
    List<String> clusterFollowLag = List.of();
    /** The machine's 1-minute load average after the cluster scenario's fixed rate: how shared the two cores were. */
    String clusterLoad = "—";
    /** The cluster scenario's publish-rate steps, in the order run. */
    final List<Split> clusterSteps = new ArrayList<>();

    /** Scenarios that could not be completed on this target, and why. */
    final List<String> failures = new ArrayList<>();

    Results(String target) {
        this.target = target;
    }

    /** The step with the most deliveries per second for {@code subscribers}, or {@code null}. */
    Measurement saturated(int subscribers) {
        return best(fanout.getOrDefault(subscribers, List.of()));
    }

    /** The 18,000 subscribers' step with the most deliveries per second, or {@code null}. */
    Measurement limitSaturated() {
        return best(limitSteps);
    }

    private static Measurement best(List<Measurement> steps) {
        return steps.stream().max((a, b) -> Double.compare(a.deliveriesPerSecond(), b.deliveriesPerSecond()))
                .orElse(null);
    }

    /** The cluster scenario's step with the most deliveries per second, or {@code null}. */
    Split clusterSaturated() {
        return clusterSteps.stream()
                .max((a, b) -> Double.compare(a.all().deliveriesPerSecond(), b.all().deliveriesPerSecond()))
                .orElse(null);
    }

    boolean isHerald() {
        return target.startsWith("Herald");
    }
}
