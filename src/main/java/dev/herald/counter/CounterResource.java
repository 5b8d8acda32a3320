package dev.herald.counter;

import dev.herald.http.EventStream;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** {@code GET /api/counter}: the live counter as Server-Sent Events. */
@Path("counter")
@RequestScoped
public class CounterResource {

    private CounterStream stream;

    /** For the container; CDI creates instances through the injecting constructor. */
    public CounterResource() {
    }

    @Inject
    public CounterResource(CounterStream stream) {
        this.stream = stream;
    }

    @GET
    @EventStream
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context Sse sse, @Context SseEventSink sink,
                          @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId) {
        stream.subscribe(sse, sink, lastEventId);
    }
}
