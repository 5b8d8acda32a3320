package dev.herald.counter;

import java.time.Instant;

/** One tick of the counter, sent as the JSON data of a {@code count} event: {@code {"count":N,"timestamp":"…"}}. */
public record Count(long count, Instant timestamp) {
}
