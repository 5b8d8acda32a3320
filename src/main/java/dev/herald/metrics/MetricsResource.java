package dev.herald.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/metrics}: every meter in the Prometheus text format. Under Herald's own application path, since
 * Payara Micro's {@code /metrics} and WildFly's management metrics are elsewhere and differ; this is the same on both.
 */
@Path("metrics")
@RequestScoped
public class MetricsResource {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusMeterRegistry registry;

    /** For the container; CDI creates instances through the injecting constructor. */
    public MetricsResource() {
    }

    @Inject
    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces(CONTENT_TYPE)
    public Response scrape() {
        return Response.ok(registry.scrape(), CONTENT_TYPE).build();
    }
}
