package dev.herald.transport;

import dev.herald.hub.History;
import dev.herald.hub.HubOverloadedException;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of a single server: history in memory, handed on by one dispatcher thread, off the publisher's thread, in
 * the order of publication. The updates waiting for it are bounded like the history, by count and by bytes: a
 * publisher faster than delivery is refused rather than allowed to grow the heap.
 */
public final class LocalTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(LocalTransport.class.getName());
    private static final History.Entry STOP = new History.Entry(-1, null);

    private final Object appendLock = new Object();
    private final History history;
    private final BlockingQueue<History.Entry> undelivered = new LinkedBlockingQueue<>();
    private final AtomicLong undeliveredBytes = new AtomicLong();
    private final int maxUndelivered;
    private final long maxUndeliveredBytes;
    private final Thread dispatcher;
    private final LocalRoster roster = new LocalRoster(this);
    private volatile Follower follower;

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
    public long append(Update update) {
        synchronized (appendLock) {
            if (!undelivered.isEmpty() && (undelivered.size() >= maxUndelivered
                    || undeliveredBytes.get() + update.footprint() > maxUndeliveredBytes)) {
                throw new HubOverloadedException(undelivered.size());
            }
            // Queued under the lock, so that the dispatcher sees updates in the order of their positions.
            History.Entry entry = history.add(update);
            undelivered.add(entry);
            undeliveredBytes.addAndGet(update.footprint());
            return entry.position();
        }
    }

    @Override
    public History.Entry find(String id) {
        return history.find(id);
    }

    @Override
    public List<History.Entry> after(long position, int maxEntries) {
        return history.after(position, maxEntries);
    }

    @Override
    public History.Head head(List<TopicSelector> allowed) {
        return history.head(allowed);
    }

    @Override
    public void follow(Follower follower) {
        this.follower = follower;
    }

    @Override
    public Lease lease(String name) {
        return Lease.SOLE;
    }

    @Override
    public Roster roster() {
        return roster;
    }

    @Override
    public TransportStatus status() {
        return new TransportStatus("local", undelivered.size(), 0, true);
    }

    @Override
    public void close() {
        undelivered.add(STOP);
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
                Follower current = follower;
                if (current != null) {
                    current.onEntry(entry);
                }
            } catch (Throwable e) {
                LOG.log(Level.SEVERE, "Delivering update " + entry.update().id() + " failed; going on with the next", e);
            } finally {
                undeliveredBytes.addAndGet(-entry.update().footprint());
            }
        }
    }
}
