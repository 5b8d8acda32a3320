package dev.herald.http;

/**
 * The answer of {@code GET /api/status}.
 *
 * @param count          the counter's latest count (0 before the first tick)
 * @param subscribers    how many counter streams ({@code /api/counter}) are open
 * @param hubSubscribers how many hub subscriptions ({@code /.well-known/mercure}) are open
 * @param lastEventId    the id of the hub's newest update, or {@code earliest} before the first
 */
public record Status(long count, int subscribers, int hubSubscribers, String lastEventId) {
}
