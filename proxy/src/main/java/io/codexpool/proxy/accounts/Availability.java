package io.codexpool.proxy.accounts;

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

    /** When a limited account is usable again, or null when it is not limited. */
    public static Instant limitedUntil(AccountState account, Instant now) {
        Instant until = null;
        boolean limitedStatus = account.status() == AccountStatus.RATE_LIMITED
                || account.status() == AccountStatus.QUOTA_EXCEEDED;
        if (limitedStatus && (account.resetAt() == null || account.resetAt().isAfter(now))) {
            until = account.resetAt() == null ? now.plusSeconds(3600) : account.resetAt();
        }
        if (account.primary() != null && account.primary().exhausted(now)) {
            until = later(until, account.primary().resetAt(), now);
        }
        if (account.secondary() != null && account.secondary().exhausted(now)) {
            until = later(until, account.secondary().resetAt(), now);
        }
        return until;
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

    private static Instant later(Instant current, Instant candidate, Instant now) {
        Instant effective = candidate == null ? now.plusSeconds(3600) : candidate;
        return current == null || effective.isAfter(current) ? effective : current;
    }

    private static boolean after(Instant instant, Instant now) {
        return instant != null && instant.isAfter(now);
    }
}
