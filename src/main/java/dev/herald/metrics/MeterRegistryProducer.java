package dev.herald.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/**
 * The application's own meter registry: one per deployment (never Micrometer's global one, which would outlive a
 * redeploy and collect two deployments' meters), with no binders and no threads, closed when the application stops.
 */
@ApplicationScoped
public class MeterRegistryProducer {

    // @Singleton: a registry has final methods, so it cannot sit behind a normal scope's client proxy.
    @Produces
    @Singleton
    PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    void close(@Disposes PrometheusMeterRegistry registry) {
        registry.close();
    }
}
