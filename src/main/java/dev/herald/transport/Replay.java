package dev.herald.transport;

import dev.herald.hub.Gap;
import dev.herald.hub.History;
import dev.herald.hub.Subscriber;
import java.util.List;

/**
 * One subscriber's catch-up from the history, in steps: each step reads a bounded batch under the transport's lock,
 * queues what the subscriber wants, and waits until the subscriber's own queue has drained before the next. So a
 * replay of the whole history (an {@code earliest} subscriber) holds a few references, not a copy, and goes as fast
 * as its reader and no faster; a reader that leaves ends it.
 */
final class Replay {

    private static final int ENTRIES_PER_STEP = 1_024;
    private static final int FRAMES_PER_STEP = 64;

    private final LocalTransport transport;
    private final Subscriber subscriber;
    private final String lastEventId;
    private final int framesPerStep;

    Replay(LocalTransport transport, Subscriber subscriber, String lastEventId) {
        this.transport = transport;
        this.subscriber = subscriber;
        this.lastEventId = lastEventId;
        this.framesPerStep = Math.max(1, Math.min(FRAMES_PER_STEP, subscriber.sink().capacity() / 2));
    }

    void step() {
        while (!subscriber.sink().isClosed()) {
            long cursor = subscriber.cursor();
            List<History.Entry> batch = transport.nextBatch(subscriber, ENTRIES_PER_STEP);
            if (batch.isEmpty()) {
                return; // caught up: live now
            }
            if (batch.get(0).position() > cursor + 1) {
                subscriber.send(Gap.expired(lastEventId));
            }
            int sent = 0;
            for (History.Entry entry : batch) {
                if (subscriber.replay(entry) && ++sent == framesPerStep) {
                    break;
                }
            }
            if (sent > 0) {
                subscriber.sink().whenDrained(this::step);
                return;
            }
        }
    }
}
