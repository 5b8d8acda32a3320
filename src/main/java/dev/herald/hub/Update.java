package dev.herald.hub;

import java.util.List;
import java.util.UUID;

/**
 * One published update, immutable, encoded into its SSE bytes once for every subscriber to share. Every publisher, over
 * HTTP or from Java code, makes updates through {@link #of}, so the same rules hold for all of them.
 *
 * @param id        the SSE id: the publisher's, or one the hub generated
 * @param topics    the canonical topic first, then the alternates
 * @param isPrivate whether only subscribers authorized for one of its topics may receive it
 * @param frame     the update as {@code text/event-stream} bytes
 */
public record Update(String id, List<String> topics, boolean isPrivate, byte[] frame) {

    /** The longest id accepted: ids come back in {@code Last-Event-ID} headers, which servers bound. */
    public static final int MAX_ID_LENGTH = 256;
    /** The longest event type accepted. */
    public static final int MAX_TYPE_LENGTH = 256;

    public Update {
        topics = List.copyOf(topics);
    }

    /** A fresh id for an update whose publisher gave none. */
    public static String newId() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    /**
     * @param id    the publisher's id, or {@code null} (or empty) for a generated one
     * @param data  the payload, or {@code null}
     * @param type  the SSE {@code event} field, or {@code null} (or empty) for none
     * @param retry the SSE {@code retry} field in milliseconds, or {@code null}
     * @throws IllegalArgumentException saying which field breaks which rule
     */
    public static Update of(String id, List<String> topics, String data, boolean isPrivate, String type, Long retry) {
        String checkedId = id == null || id.isEmpty() ? newId() : requireValidId(id);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("Missing 'topic': an update needs at least one topic.");
        }
        String checkedType = type == null || type.isEmpty() ? null : requireValidType(type);
        if (retry != null && retry < 0) {
            throw new IllegalArgumentException("'retry' must be zero or more milliseconds, not " + retry + ".");
        }
        return new Update(checkedId, topics, isPrivate, SseFrame.event(checkedId, checkedType, retry, data));
    }

    /**
     * An id must come back unchanged as a {@code Last-Event-ID} header from every client: browsers, Java and OkHttp
     * send only printable ASCII, and servers trim spaces at either end. {@code #…} is the hub's and {@code earliest}
     * asks for the whole history, so neither can name one update.
     */
    static String requireValidId(String id) {
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("'id' has " + id.length() + " characters; at most " + MAX_ID_LENGTH
                    + " are accepted.");
        }
        if (!isPrintableAscii(id) || id.startsWith(" ") || id.endsWith(" ")) {
            throw new IllegalArgumentException("'id' must be printable ASCII (no control or non-ASCII characters)"
                    + " and must not start or end with a space: clients could not send it back as Last-Event-ID.");
        }
        if (id.startsWith("#")) {
            throw new IllegalArgumentException("'id' must not start with '#': the hub reserves such ids.");
        }
        if (History.EARLIEST.equals(id)) {
            throw new IllegalArgumentException("'id' must not be 'earliest': that Last-Event-ID asks for the whole"
                    + " history.");
        }
        return id;
    }

    private static String requireValidType(String type) {
        if (type.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("'type' has " + type.length() + " characters; at most "
                    + MAX_TYPE_LENGTH + " are accepted.");
        }
        if (type.indexOf('\n') >= 0 || type.indexOf('\r') >= 0 || type.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'type' must not contain line breaks or NUL: they would end the SSE"
                    + " field.");
        }
        return type;
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** True unless the update is private and none of its topics matches one of {@code allowed}. */
    public boolean isVisibleTo(List<TopicSelector> allowed) {
        if (!isPrivate) {
            return true;
        }
        for (TopicSelector selector : allowed) {
            if (selector.matchesAny(topics)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes this update holds in memory, for the bounds of the history and of the updates waiting for delivery. */
    public long footprint() {
        long bytes = 64L + frame.length + 2L * id.length();
        for (String topic : topics) {
            bytes += 48L + 2L * topic.length();
        }
        return bytes;
    }
}
