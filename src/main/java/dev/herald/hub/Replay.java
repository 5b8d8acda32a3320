package dev.herald.hub;

import dev.herald.transport.Transport;
import java.util.List;

/**
 * One subscriber's catch-up from the history, in steps: each step reads a bounded batch, queues what the subscriber
 * wants, and waits until the subscriber's own queue has drained before the next. So a replay of the whole history (an
 * {@code earliest} subscriber) holds a few references, not a copy, and goes as fast as its reader and no faster; a
 * reader that leaves ends it. When a batch comes back empty the subscriber goes live, unless a newer update was offered
 * to it meanwhile: then that one is in the history, and the replay reads on.
 */
final class Replay {

    private static final int ENTRIES_PER_STEP = 1_024;
    private static final int FRAMES_PER_STEP = 64;

    private final Transport transport;
    private final Subscriber subscriber;
    private final String lastEventId;
    private final HubMetrics metrics;
    private final int framesPerStep;

    Replay(Transport transport, Subscriber subscriber, String lastEventId, HubMetrics metrics) {
        this.transport = transport;
        this.subscriber = subscriber;
        this.lastEventId = lastEventId;
        this.metrics = metrics;
        this.framesPerStep = Math.max(1, Math.min(FRAMES_PER_STEP, subscriber.sink().capacity() / 2));
    }

    void step() {
        while (!subscriber.sink().isClosed()) {
            long cursor = subscriber.cursor();
            List<History.Entry> batch = transport.after(cursor, ENTRIES_PER_STEP);
            if (batch.isEmpty()) {
                if (subscriber.goLiveIfCaughtUp()) {
                    return;
                }
                continue;
            }
            if (batch.get(0).position() > cursor + 1 && lastEventId != null) {
                subscriber.send(Gap.expired(lastEventId));
                metrics.expiredGap();
            }
            int sent = 0;
            for (History.Entry entry : batch) {
                if (subscriber.replay(entry) && ++sent == framesPerStep) {
                    break;
                }
            }
            metrics.replayed(sent);
            if (sent > 0) {
                subscriber.sink().whenDrained(this::step);
                return;
            }
        }
    }
}
