package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.testing.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding the subscribers of an update, while subscribers come and go on many threads. */
class FanoutTest {

    private final Fanout fanout = new Fanout();
    private long position;

    @Test
    void anUpdateReachesEachMatchingSubscriberOnce() {
        RecordingSink sink = add("a", "b", "https://example.com/{x}", "*");
        RecordingSink other = add("c");
        deliver("1", "a", "b", "https://example.com/y");
        assertEquals(List.of("1"), sink.ids());
        assertEquals(List.of(), other.ids());
    }

    @Test
    void addingAndRemovingOnTheSameTopicsAtOnceLosesNoSubscriber() throws InterruptedException {
        List<Subscriber> kept = new ArrayList<>();
        List<RecordingSink> keptSinks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RecordingSink sink = new RecordingSink();
            Subscriber subscriber = subscriber(sink, "topic-" + (i % 2));
            kept.add(subscriber);
            keptSinks.add(sink);
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Subscriber keeper = kept.get(t);
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    Subscriber churn = subscriber(new RecordingSink(), "topic-" + (i % 2));
                    fanout.add(churn);
                    fanout.remove(churn);
                }
                fanout.add(keeper); // added while others empty and drop the same topic's set
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(8, fanout.size());
        deliver("after", "topic-0");
        deliver("after-1", "topic-1");
        for (RecordingSink sink : keptSinks) {
            assertEquals(1, sink.ids().size(), "every subscriber that stayed is still found by its topic");
        }
    }

    @Test
    void removingTheLastSubscriberOfATopicLeavesNothingBehind() {
        RecordingSink sink = new RecordingSink();
        Subscriber subscriber = subscriber(sink, "a");
        fanout.add(subscriber);
        fanout.remove(subscriber);
        fanout.remove(subscriber);
        assertEquals(0, fanout.size());
        deliver("1", "a");
        assertEquals(List.of(), sink.ids());
    }

    private RecordingSink add(String... selectors) {
        RecordingSink sink = new RecordingSink();
        fanout.add(subscriber(sink, selectors));
        return sink;
    }

    private static Subscriber subscriber(RecordingSink sink, String... selectors) {
        Subscriber subscriber = new Subscriber(List.of(selectors).stream().map(TopicSelector::of).toList(), List.of(),
                null, sink);
        subscriber.goLiveIfCaughtUp();
        return subscriber;
    }

    private void deliver(String id, String... topics) {
        fanout.deliver(new History.Entry(position++, Update.of(id, List.of(topics), null, false, null, null)));
    }
}
