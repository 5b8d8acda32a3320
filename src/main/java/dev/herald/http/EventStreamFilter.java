package dev.herald.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * For {@link EventStream} methods: refuses clients that did not ask for {@code text/event-stream} (a plain
 * {@code curl} would otherwise hang on a stream it did not expect), and marks the stream uncacheable and unbuffered so
 * that proxies such as nginx pass every event on at once.
 */
@Provider
@EventStream
public class EventStreamFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String CACHE_CONTROL = "private, no-cache, no-store, must-revalidate, max-age=0";

    @Override
    public void filter(ContainerRequestContext request) {
        boolean asked = request.getAcceptableMediaTypes().stream()
                .anyMatch(type -> !type.isWildcardType() && !type.isWildcardSubtype()
                        && type.isCompatible(MediaType.SERVER_SENT_EVENTS_TYPE));
        if (!asked) {
            request.abortWith(PlainText.response(Response.Status.NOT_ACCEPTABLE,
                    request.getUriInfo().getRequestUri().getPath() + " is a Server-Sent Events stream: send"
                            + " 'Accept: text/event-stream' (a browser's EventSource does)."));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Cache-Control", CACHE_CONTROL);
        headers.putSingle("X-Accel-Buffering", "no");
    }
}
