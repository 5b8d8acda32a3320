package dev.herald.testing;

import java.util.List;

/**
 * One block of an event stream as read off the wire, up to its blank line: the fields as a browser would see them,
 * plus the {@code :} comments that a browser ignores but Herald uses to open the stream and to keep it alive.
 */
public record SseEvent(String id, String event, String data, Long retry, List<String> comments) {

    public boolean isComment() {
        return data == null && event == null && id == null;
    }
}
