package io.codexpool.admin.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts failed sign-ins per client address over a sliding minute. Kept in memory: a replica restarting forgets its
 * counts, which at worst grants an attacker another eight guesses against a 210,000-iteration hash.
 */
@ApplicationScoped
public class SignInLimiter {
    static final int MAX_FAILURES = 8;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** Seconds until this address may try again, or empty when it may try now. */
    public OptionalLong retryAfterSeconds(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return OptionalLong.empty();
        }
        synchronized (recent) {
            Instant now = Instant.now();
            recent.removeIf(time -> time.isBefore(now.minus(WINDOW)));
            if (recent.isEmpty()) {
                failures.remove(address, recent); // an address that stopped failing is forgotten
            }
            if (recent.size() < MAX_FAILURES) {
                return OptionalLong.empty();
            }
            Instant freed = recent.peekFirst().plus(WINDOW);
            return OptionalLong.of(Math.max(1, Duration.between(now, freed).toSeconds() + 1));
        }
    }

    public void recordFailure(String address) {
        Deque<Instant> recent = failures.computeIfAbsent(address, key -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(Instant.now());
        }
    }
}
