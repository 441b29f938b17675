package io.codexpool.proxy.support;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * A bean whose periodic work ({@link Periodic} tasks, {@link LeasedJob}s, anything to close) runs from the bean's
 * creation until the service stops. The subclass starts its work in {@link #startWork} and hands back what to close;
 * this class closes it on shutdown, last started first. The bean starts with its first use; see
 * {@link EagerBackgroundWork} for work that must start with the service.
 */
public abstract class BackgroundWork {
    private List<AutoCloseable> running = List.of();

    /** Starts the bean's work; what it returns is closed when the service stops. */
    protected abstract List<AutoCloseable> startWork();

    @PostConstruct
    protected void start() {
        running = startWork();
    }

    /** Closes everything, even after a close that failed: the rest (a final flush among it) must still run. */
    @PreDestroy
    protected void stop() {
        IllegalStateException failed = null;
        for (AutoCloseable work : running.reversed()) {
            try {
                work.close();
            } catch (Exception e) {
                if (failed == null) {
                    failed = new IllegalStateException("stopping " + getClass().getSimpleName(), e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
