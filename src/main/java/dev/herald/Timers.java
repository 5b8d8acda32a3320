package dev.herald;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler of Herald's periodic work (ticks, heartbeats, sweeps, JWK Set fetches, one at a time): two threads
 * from the container's managed thread factory, so the work runs in the application's context, stopped with the
 * application. Not the container's managed
 * scheduler: WildFly suspends that as the server begins to stop, before the application is undeployed, and logs each
 * task that comes due meanwhile as an error (WFLYEE0110), while Herald still serves its streams; and a task cancelled
 * there stays queued until it would have run.
 */
@ApplicationScoped
public class Timers {

    private static final int THREADS = 2;

    private ScheduledThreadPoolExecutor executor;

    @PostConstruct
    void start() {
        ThreadFactory threads = ContainerThreads.factory();
        AtomicInteger started = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(THREADS, task -> {
            Thread thread = threads.newThread(task);
            thread.setName("herald-timer-" + started.getAndIncrement());
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    public ScheduledExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
