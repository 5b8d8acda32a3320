package dev.herald.http;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns the bare 406 of a failed content negotiation into an answer that says which {@code Accept} would work. */
@Provider
public class NotAcceptableMapper implements ExceptionMapper<NotAcceptableException> {

    @Context
    private UriInfo uriInfo;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(NotAcceptableException exception) {
        String accept = String.join(", ", headers.getRequestHeader(HttpHeaders.ACCEPT));
        return PlainText.response(Response.Status.NOT_ACCEPTABLE,
                uriInfo.getRequestUri().getPath() + " cannot answer 'Accept: " + accept + "'. Herald's streams need"
                        + " 'Accept: text/event-stream'; its other endpoints send application/json.");
    }
}
