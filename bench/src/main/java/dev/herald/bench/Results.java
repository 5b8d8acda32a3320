package dev.herald.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything measured on one target. */
final class Results {

    final String target;
    /** Per subscriber count, the measurement of each publish-rate step, in the order run. */
    final Map<Integer, List<Measurement>> fanout = new LinkedHashMap<>();
    Measurement fixedRate;
    long idleSubscribers;
    long heapPerSubscriber = -1;
    long rssPerSubscriber = -1;
    final List<String> notes = new ArrayList<>();

    Results(String target) {
        this.target = target;
    }

    /** The step with the most deliveries per second for {@code subscribers}. */
    Measurement saturated(int subscribers) {
        return fanout.getOrDefault(subscribers, List.of()).stream()
                .max((a, b) -> Double.compare(a.deliveriesPerSecond(), b.deliveriesPerSecond()))
                .orElse(null);
    }
}
