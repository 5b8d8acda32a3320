package dev.herald.hub;

import jakarta.json.Json;

/**
 * The event that tells a reconnecting subscriber its {@code Last-Event-ID} is not in the history (it is older than
 * what is kept, or was never published here), so updates may have been missed: {@code event: gap} with JSON data
 * {@code {"lastEventId":"…","reason":"unknown"}}. It has no id, so it does not move the client's last event id.
 */
final class Gap {

    static final String EVENT = "gap";

    private Gap() {
    }

    static byte[] unknown(String lastEventId) {
        String json = Json.createObjectBuilder()
                .add("lastEventId", lastEventId)
                .add("reason", "unknown")
                .build()
                .toString();
        return SseFrame.event(null, EVENT, null, json);
    }
}
