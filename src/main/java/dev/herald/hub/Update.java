package dev.herald.hub;

import java.util.List;
import java.util.UUID;

/**
 * One published update, immutable, encoded into its SSE bytes once for every subscriber to share.
 *
 * @param id          the SSE id: the publisher's, or one the hub generated
 * @param topics      the canonical topic first, then the alternates
 * @param data        the payload
 * @param isPrivate   whether only subscribers authorized for one of its topics may receive it
 * @param type        the SSE {@code event} field, or {@code null}
 * @param retry       the SSE {@code retry} field, or {@code null}
 * @param frame       the update as {@code text/event-stream} bytes
 */
public record Update(String id, List<String> topics, String data, boolean isPrivate, String type, Long retry,
                     byte[] frame) {

    public Update {
        topics = List.copyOf(topics);
    }

    /** A fresh id for an update whose publisher gave none. */
    public static String newId() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    public static Update of(String id, List<String> topics, String data, boolean isPrivate, String type, Long retry) {
        return new Update(id, topics, data, isPrivate, type, retry, SseFrame.event(id, type, retry, data));
    }
}
