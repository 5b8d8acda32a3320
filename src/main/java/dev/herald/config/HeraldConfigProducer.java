package dev.herald.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads {@link HeraldConfig} once from the server's MicroProfile Config, as the application starts: a value that
 * cannot work stops the deployment with a message naming its key, before anything else starts.
 */
@ApplicationScoped
public class HeraldConfigProducer {

    private static final Logger LOG = Logger.getLogger(HeraldConfigProducer.class.getName());

    @Produces
    @Singleton
    HeraldConfig heraldConfig() {
        Config config = ConfigProvider.getConfig();
        return HeraldConfig.from(key -> config.getOptionalValue(key, String.class));
    }

    /** Reads and checks the configuration first of all: its injection here is what reads it. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class)
                 Object application, HeraldConfig config) {
        LOG.info(() -> "Herald configuration: " + config);
    }
}
