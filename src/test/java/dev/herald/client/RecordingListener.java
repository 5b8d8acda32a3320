package dev.herald.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A listener that writes down what it hears, one line each: {@code open}, {@code event <id> <type> <data>},
 * {@code retrying <cause>}, {@code closed <cause>} (a cause as its simple class name, and the status of a
 * {@link HubException}).
 */
final class RecordingListener implements SubscriptionListener {

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
    String next(Duration wait) throws InterruptedException {
        String line = heard.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(line, "heard nothing within " + wait);
        return line;
    }

    /** The next line within {@code wait}, or null. */
    String poll(Duration wait) throws InterruptedException {
        return heard.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String name(Throwable cause) {
        if (cause == null) {
            return "null";
        }
        return cause instanceof HubException refusal ? "HubException " + refusal.status()
                : cause.getClass().getSimpleName();
    }
}
