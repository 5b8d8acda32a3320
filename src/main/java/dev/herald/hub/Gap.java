package dev.herald.hub;

import jakarta.json.Json;

/**
 * The event that tells a reconnecting subscriber that updates may have been missed: {@code event: gap} with JSON data
 * {@code {"lastEventId":"…","reason":"…"}}. The reason is {@value #UNKNOWN} when its {@code Last-Event-ID} is not in the
 * history (older than what is kept, never published here, or a private update it may not see: the answer is the same,
 * so that it cannot learn which), and {@value #EXPIRED} when updates it was about to be replayed left the history
 * meanwhile. It has no id, so it does not move the client's last event id.
 */
public final class Gap {

    static final String EVENT = "gap";
    static final String UNKNOWN = "unknown";
    static final String EXPIRED = "expired";

    private Gap() {
    }

    public static byte[] unknown(String lastEventId) {
        return frame(lastEventId, UNKNOWN);
    }

    public static byte[] expired(String lastEventId) {
        return frame(lastEventId, EXPIRED);
    }

    private static byte[] frame(String lastEventId, String reason) {
        String json = Json.createObjectBuilder()
                .add("lastEventId", lastEventId)
                .add("reason", reason)
                .build()
                .toString();
        return SseFrame.event(null, EVENT, null, json);
    }
}
