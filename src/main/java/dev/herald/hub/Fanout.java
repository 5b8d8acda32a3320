package dev.herald.hub;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the subscribers of an update. Subscribers of exact topics sit in an index by topic, so an update visits only
 * its own topic's subscribers; only subscribers with a wildcard or template selector are tested one by one. Adding and
 * removing are safe from any thread, also for the same topic at once: each topic's set is changed only inside the
 * index's atomic {@code compute}, so a set is never dropped while a subscriber is being put into it.
 */
public final class Fanout {

    private final Map<String, Set<Subscriber>> byTopic = new ConcurrentHashMap<>();
    private final Set<Subscriber> bySelector = ConcurrentHashMap.newKeySet();
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();

    public void add(Subscriber subscriber) {
        all.add(subscriber);
        for (TopicSelector selector : subscriber.selectors()) {
            if (selector.isExact()) {
                byTopic.compute(selector.text(), (topic, subscribers) -> {
                    Set<Subscriber> set = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
                    set.add(subscriber);
                    return set;
                });
            } else {
                bySelector.add(subscriber);
            }
        }
    }

    /** @return false when it was not here */
    public boolean remove(Subscriber subscriber) {
        if (!all.remove(subscriber)) {
            return false;
        }
        bySelector.remove(subscriber);
        for (TopicSelector selector : subscriber.selectors()) {
            if (selector.isExact()) {
                byTopic.computeIfPresent(selector.text(), (topic, subscribers) -> {
                    subscribers.remove(subscriber);
                    return subscribers.isEmpty() ? null : subscribers;
                });
            }
        }
        return true;
    }

    /** Hands the update's shared bytes to every subscriber that wants it, once each. */
    public void deliver(History.Entry entry) {
        Update update = entry.update();
        if (update.topics().size() == 1 && bySelector.isEmpty()) {
            // The common case needs no bookkeeping: one topic, and every subscriber in its set matched it.
            Set<Subscriber> subscribers = byTopic.get(update.topics().get(0));
            if (subscribers != null) {
                for (Subscriber subscriber : subscribers) {
                    if (subscriber.mayReceive(update)) {
                        subscriber.deliver(entry);
                    }
                }
            }
            return;
        }
        Set<Subscriber> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String topic : update.topics()) {
            for (Subscriber subscriber : byTopic.getOrDefault(topic, Set.of())) {
                if (reached.add(subscriber) && subscriber.mayReceive(update)) {
                    subscriber.deliver(entry);
                }
            }
        }
        for (Subscriber subscriber : bySelector) {
            if (!reached.contains(subscriber) && subscriber.wants(update)) {
                reached.add(subscriber);
                subscriber.deliver(entry);
            }
        }
    }

    public int size() {
        return all.size();
    }

    public void forEach(Consumer<Subscriber> action) {
        all.forEach(action);
    }
}
