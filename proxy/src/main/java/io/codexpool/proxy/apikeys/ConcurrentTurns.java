package io.codexpool.proxy.apikeys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns each key has running on this replica, for its concurrency cap. */
@ApplicationScoped
public class ConcurrentTurns {
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    /** Takes a place if fewer than {@code max} turns of the key run; {@code max} null means no cap. */
    boolean tryStart(String keyId, Integer max) {
        AtomicInteger count = running.computeIfAbsent(keyId, id -> new AtomicInteger());
        while (true) {
            int now = count.get();
            if (max != null && now >= max) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void finished(String keyId) {
        running.get(keyId).decrementAndGet();
    }

    public int running(String keyId) {
        AtomicInteger count = running.get(keyId);
        return count == null ? 0 : count.get();
    }
}
