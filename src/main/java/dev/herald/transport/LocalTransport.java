package dev.herald.transport;

import dev.herald.hub.Fanout;
import dev.herald.hub.Gap;
import dev.herald.hub.History;
import dev.herald.hub.HubOverloadedException;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transport of a single server: history in memory, delivery to this server's subscribers. The lock guards only
 * the history and is held for short, bounded steps: appending an update, registering a subscriber, reading one batch
 * of a replay. Matching updates to subscribers happens on the dispatcher thread, outside the lock and off the
 * publisher's thread, in the order of publication. The updates waiting for it are bounded like the history, by count
 * and by bytes: a publisher faster than delivery is refused rather than allowed to grow the heap.
 */
public final class LocalTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(LocalTransport.class.getName());
    private static final History.Entry STOP = new History.Entry(-1, null);

    private final Object lock = new Object();
    private final History history;
    private final Fanout fanout = new Fanout();
    private final BlockingQueue<History.Entry> undelivered = new LinkedBlockingQueue<>();
    private final AtomicLong undeliveredBytes = new AtomicLong();
    private final int maxUndelivered;
    private final long maxUndeliveredBytes;
    private final Thread dispatcher;

    /**
     * @param historySize     how many updates to keep for reconnecting subscribers
     * @param historyMaxBytes how many bytes they may hold
     * @param threads         where the dispatcher thread comes from: the container's managed thread factory
     */
    public LocalTransport(int historySize, long historyMaxBytes, ThreadFactory threads) {
        history = new History(historySize, historyMaxBytes);
        maxUndelivered = historySize;
        maxUndeliveredBytes = historyMaxBytes;
        dispatcher = threads.newThread(this::dispatch);
        dispatcher.setName("herald-dispatcher");
        dispatcher.start();
    }

    @Override
    public void publish(Update update) {
        synchronized (lock) {
            if (!undelivered.isEmpty() && (undelivered.size() >= maxUndelivered
                    || undeliveredBytes.get() + update.footprint() > maxUndeliveredBytes)) {
                throw new HubOverloadedException(undelivered.size());
            }
            // Queued under the lock, so that the dispatcher sees updates in the order of their positions.
            undelivered.add(history.add(update));
            undeliveredBytes.addAndGet(update.footprint());
        }
    }

    @Override
    public String subscribe(Subscriber subscriber, String lastEventId) {
        String current;
        boolean replay = false;
        synchronized (lock) {
            fanout.add(subscriber);
            current = history.newestIdVisibleTo(subscriber.privateTopics());
            if (lastEventId == null) {
                subscriber.goLive(history.newestPosition());
            } else if (History.EARLIEST.equals(lastEventId)) {
                subscriber.replayAfter(history.oldestPosition() - 1);
                replay = true;
            } else {
                History.Entry seen = history.find(lastEventId);
                if (seen == null || !subscriber.mayReceive(seen.update())) {
                    subscriber.send(Gap.unknown(lastEventId));
                    subscriber.goLive(history.newestPosition());
                } else {
                    subscriber.replayAfter(seen.position());
                    replay = true;
                }
            }
        }
        if (replay) {
            new Replay(this, subscriber, lastEventId).step();
        }
        return current;
    }

    /**
     * The next entries after the subscriber's cursor; when there are none it has caught up, and it goes live before
     * the lock is let go, so that the next update published reaches it live.
     */
    List<History.Entry> nextBatch(Subscriber subscriber, int maxEntries) {
        synchronized (lock) {
            List<History.Entry> batch = history.after(subscriber.cursor(), maxEntries);
            if (batch.isEmpty()) {
                subscriber.goLive(history.newestPosition());
            }
            return batch;
        }
    }

    @Override
    public void unsubscribe(Subscriber subscriber) {
        fanout.remove(subscriber);
    }

    @Override
    public String lastEventIdFor(List<TopicSelector> allowed) {
        synchronized (lock) {
            return history.newestIdVisibleTo(allowed);
        }
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
        undelivered.add(STOP);
        fanout.forEach(Subscriber::disconnect);
    }

    private void dispatch() {
        while (true) {
            History.Entry entry;
            try {
                entry = undelivered.take();
            } catch (InterruptedException e) {
                return;
            }
            if (entry == STOP) {
                return;
            }
            try {
                fanout.deliver(entry);
            } catch (Throwable e) {
                LOG.log(Level.SEVERE, "Delivering update " + entry.update().id() + " failed; going on with the next", e);
            } finally {
                undeliveredBytes.addAndGet(-entry.update().footprint());
            }
        }
    }
}
