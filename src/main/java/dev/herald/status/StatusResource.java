package dev.herald.status;

import dev.herald.counter.CounterStream;
import dev.herald.counter.CounterTicker;
import dev.herald.hub.Hub;
import dev.herald.transport.TransportStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/status}: a snapshot for dashboards and health checks. */
@Path("status")
@RequestScoped
public class StatusResource {

    private CounterStream counter;
    private CounterTicker ticker;
    private Hub hub;

    /** For the container; CDI creates instances through the injecting constructor. */
    public StatusResource() {
    }

    @Inject
    public StatusResource(CounterStream counter, CounterTicker ticker, Hub hub) {
        this.counter = counter;
        this.ticker = ticker;
        this.hub = hub;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Status status() {
        TransportStatus transport = hub.transportStatus();
        return new Status(counter.count(), counter.subscribers(), hub.subscribers(), transport.transport(),
                transport.lagEntries(), transport.lagMillis(), transport.connected(), ticker.holdsLease(),
                hub.metrics().deliveries());
    }
}
