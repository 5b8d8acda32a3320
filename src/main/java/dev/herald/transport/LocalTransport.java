package dev.herald.transport;

import dev.herald.hub.Fanout;
import dev.herald.hub.History;
import dev.herald.hub.Subscriber;
import dev.herald.hub.Update;
import java.util.function.Consumer;

/**
 * The transport of a single server: history in memory, delivery to this server's subscribers. Publishing and
 * subscribing take turns on one lock, which is what makes replay-then-live gap-free; both only queue bytes, so the lock
 * is held briefly.
 */
public final class LocalTransport implements Transport {

    private final History history;
    private final Fanout fanout = new Fanout();

    public LocalTransport(int historySize) {
        history = new History(historySize);
    }

    @Override
    public synchronized void publish(Update update) {
        history.add(update);
        fanout.deliver(update);
    }

    @Override
    public synchronized void subscribe(Subscriber subscriber, String lastEventId) {
        if (lastEventId != null) {
            subscriber.replay(lastEventId, history.after(lastEventId));
        }
        fanout.add(subscriber);
    }

    @Override
    public void unsubscribe(Subscriber subscriber) {
        fanout.remove(subscriber);
    }

    @Override
    public synchronized String lastEventId() {
        return history.lastEventId();
    }

    @Override
    public int subscriberCount() {
        return fanout.size();
    }

    @Override
    public void forEachSubscriber(Consumer<Subscriber> action) {
        fanout.forEach(action);
    }

    @Override
    public void close() {
        fanout.forEach(Subscriber::disconnect);
    }
}
