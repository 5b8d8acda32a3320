package dev.herald.status;

import dev.herald.hub.Hub;
import dev.herald.transport.TransportStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;

/**
 * {@code /api/health}, {@code /api/health/live} and {@code /api/health/ready} in MicroProfile Health's JSON shape:
 * 200 when every check is UP, 503 otherwise. Herald's own, under its application path, because Payara Micro serves
 * its {@code /health} at the server root (colliding with a WAR at {@code /}) and WildFly has MicroProfile Health only
 * in its microprofile configuration: these paths answer the same on both. Like {@code /api/status}, they name nothing
 * a client sent, and each costs the same however many subscribers there are.
 */
@Path("health")
@RequestScoped
public class HealthResource {

    /** Far longer than the hub's sweep period (at most a second), so that only a stuck scheduler fails it. */
    static final Duration SWEEP_OVERDUE = Duration.ofSeconds(60);

    private Hub hub;

    /** For the container; CDI creates instances through the injecting constructor. */
    public HealthResource() {
    }

    @Inject
    public HealthResource(Hub hub) {
        this.hub = hub;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response all() {
        return answer(List.of(liveness(), readiness()));
    }

    /** Live while the hub's periodic work (heartbeats, sweeps) runs: a restart would not help otherwise. */
    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    public Response live() {
        return answer(List.of(liveness()));
    }

    /** Ready while the transport can be reached: a node cut off from Redis can neither publish nor deliver. */
    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        return answer(List.of(readiness()));
    }

    private HealthCheck liveness() {
        Duration since = hub.sinceSweep();
        return new HealthCheck("hub", since.compareTo(SWEEP_OVERDUE) < 0, Json.createObjectBuilder()
                .add("subscribers", hub.subscribers())
                .add("sinceSweepMillis", since.toMillis()));
    }

    private HealthCheck readiness() {
        TransportStatus transport = hub.transportStatus();
        return new HealthCheck("transport", transport.connected(), Json.createObjectBuilder()
                .add("transport", transport.transport())
                .add("lagEntries", transport.lagEntries())
                .add("lagMillis", transport.lagMillis()));
    }

    private static Response answer(List<HealthCheck> checks) {
        boolean up = checks.stream().allMatch(HealthCheck::up);
        JsonArrayBuilder array = Json.createArrayBuilder();
        checks.forEach(check -> array.add(check.toJson()));
        String body = Json.createObjectBuilder()
                .add("status", HealthCheck.status(up))
                .add("checks", array)
                .build()
                .toString();
        return Response.status(up ? 200 : 503).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
