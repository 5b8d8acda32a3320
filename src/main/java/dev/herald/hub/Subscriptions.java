package dev.herald.hub;

import dev.herald.transport.Transport;
import java.util.function.Consumer;

/**
 * This server's subscribers, fed from the transport's log: each one caught up from the history first (from its
 * {@code Last-Event-ID}, or from the end of the log for a fresh one), then handed every live update it wants. The
 * entries the transport hands on go through the {@link Fanout} on the transport's thread, never on a publisher's.
 */
public final class Subscriptions implements Transport.Follower {

    private final Transport transport;
    private final HubMetrics metrics;
    private final Fanout fanout = new Fanout();
    private volatile long handedOn = -1;

    /** Starts following {@code transport}. */
    public Subscriptions(Transport transport, HubMetrics metrics) {
        this.transport = transport;
        this.metrics = metrics;
        transport.follow(this);
    }

    /**
     * Registers the subscriber, then sends it what it missed since {@code lastEventId} (at its own pace), or a
     * {@code gap} event when that id is unknown here; no update is missed or sent twice between that replay and the
     * live stream.
     *
     * @param lastEventId the id the subscriber saw last, {@link History#EARLIEST}, or {@code null} for a fresh one
     * @return the id the subscription is current with, for the {@code Last-Event-ID} response header
     */
    public String subscribe(Subscriber subscriber, String lastEventId) {
        // Registered first: what is handed on from now on is either in the replay or offered to it live.
        fanout.add(subscriber);
        metrics.subscribed(lastEventId != null);
        History.Head head = transport.head(subscriber.privateTopics());
        if (lastEventId == null) {
            subscriber.replayAfter(head.newest());
        } else if (History.EARLIEST.equals(lastEventId)) {
            subscriber.replayAfter(head.oldest() - 1);
        } else {
            History.Entry seen = transport.find(lastEventId);
            if (seen == null || !subscriber.mayReceive(seen.update())) {
                subscriber.send(Gap.unknown(lastEventId));
                metrics.unknownGap();
                subscriber.replayAfter(head.newest());
            } else {
                subscriber.replayAfter(seen.position());
            }
        }
        new Replay(transport, subscriber, lastEventId, metrics).step();
        return head.lastEventId();
    }

    /** @return false when it was not subscribed (any more) */
    public boolean unsubscribe(Subscriber subscriber) {
        return fanout.remove(subscriber);
    }

    public int size() {
        return fanout.size();
    }

    public void forEach(Consumer<Subscriber> action) {
        fanout.forEach(action);
    }

    /** The position of the last entry the transport handed on, or -1: it is in every subscriber's queue it is for. */
    public long handedOn() {
        return handedOn;
    }

    @Override
    public void onEntry(History.Entry entry) {
        fanout.deliver(entry);
        handedOn = entry.position();
    }

    /** Every subscriber reconnects, with its {@code Last-Event-ID}, and so learns of a gap rather than meeting silence. */
    @Override
    public void onDiscontinuity() {
        fanout.forEach(Subscriber::disconnect);
    }

    /** Ends every subscription: the application stops. */
    public void close() {
        fanout.forEach(Subscriber::disconnect);
    }
}
