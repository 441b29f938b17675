package io.codexpool.proxy.metrics;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Adds and removes the series of the application registry one change at a time. Helidon 4.2.0's registry deadlocks
 * when one thread creates a meter (Micrometer's registry lock, then the MicroProfile registry's) while another removes
 * one (the MicroProfile registry's lock, then Micrometer's): a request creating the first counter of its label set
 * hung for good while the account gauges of a deleted account were being removed, and with it every later scrape.
 */
@ApplicationScoped
public class SeriesChanges {
    private final ReentrantLock lock = new ReentrantLock();

    public <T> T add(Supplier<T> registration) {
        lock.lock();
        try {
            return registration.get();
        } finally {
            lock.unlock();
        }
    }

    public void change(Runnable changes) {
        add(() -> {
            changes.run();
            return null;
        });
    }
}
