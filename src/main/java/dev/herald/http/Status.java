package dev.herald.http;

/**
 * The answer of {@code GET /api/status}.
 *
 * @param count       the counter's latest count (0 before the first tick)
 * @param subscribers how many counter streams are open
 */
public record Status(long count, int subscribers) {
}
