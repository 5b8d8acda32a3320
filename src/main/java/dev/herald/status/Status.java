package dev.herald.status;

/**
 * The answer of {@code GET /api/status}. It names no update ids: anyone may read it, and the newest update may be a
 * private one.
 *
 * @param count              the counter's latest count (0 before the first tick)
 * @param counterSubscribers how many counter streams ({@code /api/counter}) are open
 * @param hubSubscribers     how many hub subscriptions ({@code /.well-known/mercure}) are open
 */
public record Status(long count, int counterSubscribers, int hubSubscribers) {
}
