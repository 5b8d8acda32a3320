package dev.herald.client;

/**
 * One event of a subscription, as a browser's {@code EventSource} would dispatch it.
 *
 * @param id   the last event id of the stream: this event's {@code id}, or the one before it when it has none (as
 *             {@code MessageEvent.lastEventId}); {@code ""} when no event has had one
 * @param type the {@code event} field; {@code "message"} when the event has none (Mercure: an update without type)
 * @param data the {@code data} lines joined with {@code \n}
 */
public record ServerSentEvent(String id, String type, String data) {
}
