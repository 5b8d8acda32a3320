package dev.herald.hub;

import java.nio.charset.StandardCharsets;

/**
 * Writes events in the {@code text/event-stream} format. A line break of any kind in the data (CR, LF or CRLF) starts a
 * new {@code data:} line, so a payload can never end its event early or smuggle in fields of its own; a browser's
 * {@code EventSource} joins the lines with LF. Ids and types must already be free of line breaks.
 */
public final class SseFrame {

    public static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);
    /**
     * What a silent stream gets, to find out whether its client is still there: the smallest comment. Writing to a
     * socket whose client left makes its kernel answer with a reset, and the write after that fails.
     */
    public static final byte[] PROBE = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private SseFrame() {
    }

    /**
     * @param id    the {@code id} field, or {@code null}
     * @param type  the {@code event} field, or {@code null}
     * @param retry the {@code retry} field in milliseconds, or {@code null}
     * @param data  the payload; {@code null} is sent as an empty {@code data:} line so that the event is dispatched
     */
    public static byte[] event(String id, String type, Long retry, String data) {
        StringBuilder frame = new StringBuilder(64 + (data == null ? 0 : data.length() + 16));
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        if (type != null) {
            frame.append("event: ").append(type).append('\n');
        }
        if (retry != null) {
            frame.append("retry: ").append(retry).append('\n');
        }
        appendData(frame, data == null ? "" : data);
        frame.append('\n');
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A stream's first bytes when it should also tell the client how long to wait before reconnecting. */
    public static byte[] opening(long retryMillis) {
        return (":\nretry: " + retryMillis + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A stream's last bytes when the server stops: the client is to reconnect after {@code retryMillis}, to another
     * server behind the same address, with its {@code Last-Event-ID}.
     */
    public static byte[] closing(long retryMillis) {
        return (": herald is stopping\nretry: " + retryMillis + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void appendData(StringBuilder frame, String data) {
        int lineStart = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                frame.append("data: ").append(data, lineStart, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
        }
        frame.append("data: ").append(data, lineStart, data.length()).append('\n');
    }
}
