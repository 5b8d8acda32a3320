package dev.herald.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads {@link HeraldConfig} once from the server's MicroProfile Config. */
@ApplicationScoped
public class HeraldConfigProducer {

    @Produces
    @Singleton
    HeraldConfig heraldConfig() {
        Config config = ConfigProvider.getConfig();
        return HeraldConfig.from(key -> config.getOptionalValue(key, String.class));
    }
}
