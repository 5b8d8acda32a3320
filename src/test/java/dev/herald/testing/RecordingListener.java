package dev.herald.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.client.HubException;
import dev.herald.client.ServerSentEvent;
import dev.herald.client.SubscriptionListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A listener of the Java client's subscriptions that writes down what it hears, one line each: {@code open}, {@code event <id> <type> <data>},
 * {@code retrying <cause>}, {@code closed <cause>} (a cause as its simple class name, and the status of a
 * {@link HubException}).
 */
public final class RecordingListener implements SubscriptionListener {

    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(ServerSentEvent event) {
        heard.add("event " + event.id() + " " + event.type() + " " + event.data());
    }

    @Override
    public void onOpen() {
        heard.add("open");
    }

    @Override
    public void onRetrying(Duration delay, Throwable cause) {
        heard.add("retrying " + name(cause));
    }

    @Override
    public void onClosed(Throwable cause) {
        heard.add("closed " + name(cause));
    }

    /** The next line, waiting at most {@code wait} for it. */
    public String next(Duration wait) throws InterruptedException {
        String line = heard.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(line, "heard nothing within " + wait);
        return line;
    }

    /** The next line within {@code wait}, or null. */
    public String poll(Duration wait) throws InterruptedException {
        return heard.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The ids of the next {@code count} lines, which must be events, each within {@code wait}. */
    public List<String> eventIds(int count, Duration wait) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = next(wait);
            assertTrue(line.startsWith("event "), line);
            ids.add(line.split(" ")[1]);
        }
        return ids;
    }

    private static String name(Throwable cause) {
        if (cause == null) {
            return "null";
        }
        return cause instanceof HubException refusal ? "HubException " + refusal.status()
                : cause.getClass().getSimpleName();
    }
}
