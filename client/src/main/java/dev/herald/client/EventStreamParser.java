package dev.herald.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code text/event-stream} bytes as they arrive, exactly as the HTML standard's "interpreting an event stream"
 * says: UTF-8 with replacement of bad sequences, one leading BOM ignored, lines ended by CR, LF or CRLF (also when a
 * CRLF is split between two reads), comments, fields without a colon, one space after the colon dropped, {@code retry}
 * only when all ASCII digits, an {@code id} with NUL ignored, and an event without data not dispatched (its id is
 * still taken). One parser reads one connection; it is not thread-safe.
 */
final class EventStreamParser {

    /** Where the parser hands what it read. */
    interface Handler {
        void event(ServerSentEvent event);

        void retry(long millis);
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final Handler handler;
    private final int maxEventBytes;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private boolean firstLine = true;

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type = "";
    private String idBuffer;
    private String lastEventId;
    /** Bytes of the fields of the event being read, so that no event grows beyond maxEventBytes. */
    private long eventBytes;

    /**
     * @param lastEventId   the id the stream continues from ({@code ""} for none): the id of an event that has none
     * @param maxEventBytes the most bytes one event (its lines together) or one line may have
     */
    EventStreamParser(String lastEventId, int maxEventBytes, Handler handler) {
        this.lastEventId = lastEventId;
        this.idBuffer = lastEventId;
        this.maxEventBytes = maxEventBytes;
        this.handler = handler;
    }

    /** The last event id as the standard keeps it: set by every dispatch, also of an event without data. */
    String lastEventId() {
        return lastEventId;
    }

    void feed(ByteBuffer bytes) throws EventTooLargeException {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == LF && afterCr) {
                afterCr = false;
            } else if (b == CR || b == LF) {
                afterCr = b == CR;
                endLine();
            } else {
                afterCr = false;
                append(b);
            }
        }
    }

    private void append(byte b) throws EventTooLargeException {
        if (lineLength == maxEventBytes) {
            throw new EventTooLargeException(maxEventBytes);
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, (int) Math.min((long) line.length * 2, maxEventBytes));
        }
        line[lineLength++] = b;
    }

    private void endLine() throws EventTooLargeException {
        int start = 0;
        if (firstLine && lineLength >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
                && (line[2] & 0xff) == 0xbf) {
            start = 3;
        }
        firstLine = false;
        String text = new String(line, start, lineLength - start, StandardCharsets.UTF_8);
        boolean comment = !text.isEmpty() && text.charAt(0) == ':';
        eventBytes += comment ? 0 : lineLength;
        lineLength = 0;
        if (line.length > 4096) {
            line = new byte[256];  // one long line should not keep its buffer for the rest of the stream
        }
        if (eventBytes > maxEventBytes) {
            throw new EventTooLargeException(maxEventBytes);
        }
        if (!comment) {
            processLine(text);
        }
    }

    private void processLine(String text) {
        int colon = text.indexOf(':');
        if (text.isEmpty()) {
            dispatch();
        } else if (colon < 0) {
            field(text, "");
        } else {
            int valueStart = colon + 1 < text.length() && text.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
            field(text.substring(0, colon), text.substring(valueStart));
        }
    }

    private void field(String name, String value) {
        switch (name) {
            case "event" -> type = value;
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    handler.retry(value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value));
                }
            }
            default -> {
                // The standard: any other field is ignored.
            }
        }
    }

    private void dispatch() {
        lastEventId = idBuffer;
        eventBytes = 0;
        if (!hasData) {
            type = "";
            return;
        }
        data.setLength(data.length() - 1);
        ServerSentEvent event = new ServerSentEvent(lastEventId, type.isEmpty() ? "message" : type, data.toString());
        data.setLength(0);
        hasData = false;
        type = "";
        handler.event(event);
    }
}
