package dev.herald.transport;

import dev.herald.hub.Presence;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiPredicate;

/**
 * The active subscriptions of a server alone, in memory, sorted by id so that the subscriptions of one selector are
 * found without visiting the others.
 */
final class LocalRoster implements Roster {

    private final LocalTransport transport;
    private final ConcurrentSkipListMap<String, String> active = new ConcurrentSkipListMap<>();

    LocalRoster(LocalTransport transport) {
        this.transport = transport;
    }

    /**
     * Records before it appends: the API reads the history's end before the roster, so an answer may show what its
     * {@code lastEventID} is still to announce (a repeat for the watcher), never miss what it announced.
     */
    @Override
    public synchronized boolean announce(Presence.Event event) {
        String subscription = event.subscription();
        String before = event.description() == null ? active.remove(subscription)
                : active.put(subscription, event.description());
        if (event.description() == null ? before == null : event.description().equals(before)) {
            return false;
        }
        try {
            transport.append(event.update());
            return true;
        } catch (RuntimeException e) {
            if (before == null) {
                active.remove(subscription);
            } else {
                active.put(subscription, before);
            }
            throw e;
        }
    }

    @Override
    public String description(String subscription) {
        return active.get(subscription);
    }

    @Override
    public void forEach(String prefix, BiPredicate<String, String> visitor) {
        for (Map.Entry<String, String> entry : active.tailMap(prefix).entrySet()) {
            if (!entry.getKey().startsWith(prefix) || !visitor.test(entry.getKey(), entry.getValue())) {
                return;
            }
        }
    }

    @Override
    public boolean maintain() {
        return false;
    }

    @Override
    public void leave() {
        active.clear();
    }
}
