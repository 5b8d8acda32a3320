package dev.herald.hub;

import dev.herald.Periodic;
import dev.herald.config.HeraldConfig;
import dev.herald.transport.LocalTransport;
import dev.herald.transport.Transport;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Mercure hub: publishes updates through the {@link Transport} and keeps subscriptions healthy. On the
 * container's managed scheduler it sends heartbeats, disconnects subscribers whose socket stalled longer than
 * {@code herald.write-timeout}, and ends subscriptions when their token expires.
 */
@ApplicationScoped
public class Hub {

    @Resource
    private ManagedScheduledExecutorService scheduler;

    private HeraldConfig config;
    private Transport transport;
    private ScheduledExecutorService executor;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final Map<Subscriber, ScheduledFuture<?>> expirations = new ConcurrentHashMap<>();

    protected Hub() {
    }

    @Inject
    public Hub(HeraldConfig config) {
        this.config = config;
        this.transport = new LocalTransport(config.historySize());
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        start(scheduler);
    }

    public synchronized void start(ScheduledExecutorService executor) {
        this.executor = executor;
        tasks.add(Periodic.every(executor, config.heartbeat(), "Hub heartbeat", this::heartbeat));
        Duration stallCheck = config.writeTimeout().dividedBy(4);
        tasks.add(Periodic.every(executor, stallCheck.isZero() ? Duration.ofMillis(1) : stallCheck,
                "Hub stall check", this::disconnectStalled));
    }

    public void publish(Update update) {
        transport.publish(update);
    }

    /**
     * @param lastEventId the id the subscriber saw last, or {@code null}
     * @param expiresAt   when the subscriber's token expires, or {@code null}
     */
    public void subscribe(Subscriber subscriber, String lastEventId, Instant expiresAt) {
        transport.subscribe(subscriber, lastEventId);
        if (expiresAt != null) {
            long delay = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
            expirations.put(subscriber, executor.schedule(subscriber::disconnect, delay, TimeUnit.MILLISECONDS));
        }
    }

    public void unsubscribe(Subscriber subscriber) {
        transport.unsubscribe(subscriber);
        ScheduledFuture<?> expiration = expirations.remove(subscriber);
        if (expiration != null) {
            expiration.cancel(false);
        }
    }

    public String lastEventId() {
        return transport.lastEventId();
    }

    public int subscribers() {
        return transport.subscriberCount();
    }

    @PreDestroy
    synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
        expirations.values().forEach(expiration -> expiration.cancel(false));
        transport.close();
    }

    private void heartbeat() {
        transport.forEachSubscriber(subscriber -> subscriber.send(SseFrame.HEARTBEAT));
    }

    private void disconnectStalled() {
        long limit = config.writeTimeout().toNanos();
        transport.forEachSubscriber(subscriber -> {
            if (subscriber.sink().stalledNanos() > limit) {
                subscriber.disconnect();
            }
        });
    }
}
