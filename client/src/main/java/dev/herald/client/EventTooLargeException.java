package dev.herald.client;

import java.io.IOException;

/** An event, or a line of the stream, over the client's limit: it would be just as large after a reconnect. */
final class EventTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    EventTooLargeException(int limit) {
        super("an event of the stream is over " + limit + " bytes, the client's maxEventBytes");
    }
}
