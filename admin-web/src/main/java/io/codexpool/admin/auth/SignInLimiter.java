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
 * Limits sign-in attempts per client address over a sliding minute. An attempt counts from the moment it is admitted,
 * before its password is checked, so guesses sent all at once cannot slip past the limit while the slow hash runs; a
 * successful one is taken back. Kept in memory: a replica restarting forgets its counts, which at worst grants an
 * attacker another eight guesses against a 210,000-iteration hash.
 */
@ApplicationScoped
public class SignInLimiter {
    static final int MAX_FAILURES = 8;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    /**
     * Admits one attempt from this address, counting it as failed until {@link #succeeded} says otherwise.
     *
     * @return empty when admitted, else the seconds until the address may try again
     */
    public OptionalLong admit(String address) {
        long[] waitSeconds = {0};
        attempts.compute(address, (key, recent) -> {
            Deque<Instant> counted = recent == null ? new ArrayDeque<>() : recent;
            Instant now = Instant.now();
            counted.removeIf(time -> time.isBefore(now.minus(WINDOW)));
            if (counted.size() >= MAX_FAILURES) {
                Instant freed = counted.peekFirst().plus(WINDOW);
                waitSeconds[0] = Math.max(1, Duration.between(now, freed).toSeconds() + 1);
            } else {
                counted.addLast(now);
            }
            return counted;
        });
        return waitSeconds[0] > 0 ? OptionalLong.of(waitSeconds[0]) : OptionalLong.empty();
    }

    /** The admitted attempt was right: it does not count, and an address that stopped failing is forgotten. */
    public void succeeded(String address) {
        attempts.computeIfPresent(address, (key, recent) -> {
            recent.pollLast();
            return recent.isEmpty() ? null : recent;
        });
    }
}
