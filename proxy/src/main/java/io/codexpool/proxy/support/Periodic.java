package io.codexpool.proxy.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs a task at a fixed delay on a daemon thread; a failing run is logged and the next one still happens. */
public final class Periodic implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Periodic.class.getName());
    private final ScheduledExecutorService executor;

    public Periodic(String name, Duration every, Runnable task) {
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("codexpool-" + name).factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed: " + e.getMessage(), e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
