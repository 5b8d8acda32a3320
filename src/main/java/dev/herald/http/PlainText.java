package dev.herald.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error answers as one line of plain text that tells the client what to change. */
public final class PlainText {

    private PlainText() {
    }

    public static Response response(Response.Status status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(message + "\n")
                .build();
    }
}
