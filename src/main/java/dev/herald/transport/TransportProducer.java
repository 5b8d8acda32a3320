package dev.herald.transport;

import dev.herald.config.HeraldConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The one place that decides which {@link Transport} the hub runs on, and closes it when the application stops. */
@ApplicationScoped
public class TransportProducer {

    @Resource
    private ManagedThreadFactory threads;

    @Produces
    @ApplicationScoped
    Transport transport(HeraldConfig config) {
        return new LocalTransport(config.historySize(), config.historyMaxBytes(), threads);
    }

    void close(@Disposes Transport transport) {
        transport.close();
    }
}
