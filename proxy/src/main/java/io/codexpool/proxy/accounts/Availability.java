package io.codexpool.proxy.accounts;

import java.time.Duration;
import java.time.Instant;

import io.codexpool.persistence.accounts.AccountStatus;

/** Why an account can or cannot take a request right now. */
public enum Availability {
    AVAILABLE,
    PAUSED,
    DEACTIVATED,
    /** Out of a usage window until its reset. */
    LIMITED,
    /** Cooling down after a "try again in N s" or repeated errors. */
    COOLING_DOWN;

    /** How long a window seen exhausted without a reset time keeps its account out, counted from that sighting. */
    private static final Duration UNKNOWN_RESET_LIMIT = Duration.ofHours(1);

    /** Still one of the pool's accounts (maybe limited or cooling down for now): not paused, not deactivated. */
    public boolean inPool() {
        return this != PAUSED && this != DEACTIVATED;
    }

    public static Availability of(AccountState account, Instant now) {
        AccountStatus status = account.status();
        if (status == AccountStatus.PAUSED) {
            return PAUSED;
        }
        if (status == AccountStatus.DEACTIVATED) {
            return DEACTIVATED;
        }
        if (limitedUntil(account, now) != null) {
            return LIMITED;
        }
        if (after(account.cooldownUntil(), now) || after(account.errorBackoffUntil(), now)) {
            return COOLING_DOWN;
        }
        return AVAILABLE;
    }

    /**
     * When a limited account is usable again, or null when it is not limited. Every limit ends at a fixed instant:
     * a window seen exhausted without a reset time ends an hour after that sighting (not an hour after each look,
     * which would never come), and a stored limit always carries its reset.
     */
    public static Instant limitedUntil(AccountState account, Instant now) {
        Instant until = null;
        AccountState.StatusFields status = account.statusFields();
        boolean limitedStatus = status.status() == AccountStatus.RATE_LIMITED
                || status.status() == AccountStatus.QUOTA_EXCEEDED;
        if (limitedStatus && status.resetAt() != null && status.resetAt().isAfter(now)) {
            until = status.resetAt();
        }
        until = later(until, exhaustedUntil(account.primary(), now));
        return later(until, exhaustedUntil(account.secondary(), now));
    }

    private static Instant exhaustedUntil(WindowUsage window, Instant now) {
        if (window == null || !window.exhausted(now)) {
            return null;
        }
        Instant until = window.resetAt() != null ? window.resetAt()
                : window.recordedAt().plus(UNKNOWN_RESET_LIMIT);
        return until.isAfter(now) ? until : null;
    }

    /** When an account that is limited or cooling down takes requests again: the later of both, or null. */
    public static Instant usableAgainAt(AccountState account, Instant now) {
        Instant limited = limitedUntil(account, now);
        Instant cooling = coolingDownUntil(account);
        if (cooling == null || !cooling.isAfter(now)) {
            return limited;
        }
        return limited == null || cooling.isAfter(limited) ? cooling : limited;
    }

    public static Instant coolingDownUntil(AccountState account) {
        Instant cooldown = account.cooldownUntil();
        Instant backoff = account.errorBackoffUntil();
        if (cooldown == null) {
            return backoff;
        }
        return backoff == null || cooldown.isAfter(backoff) ? cooldown : backoff;
    }

    private static Instant later(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || candidate.isAfter(current) ? candidate : current;
    }

    private static boolean after(Instant instant, Instant now) {
        return instant != null && instant.isAfter(now);
    }
}
