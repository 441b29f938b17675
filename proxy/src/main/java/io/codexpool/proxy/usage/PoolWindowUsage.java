package io.codexpool.proxy.usage;

import java.time.Instant;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * How much of one window the whole pool has used: each account weighted by its plan's capacity in that window (a
 * pro account's half counts for more than a free account's whole), and the earliest reset among them. An account
 * without a sample counts as unused. The reply headers Codex clients read and the admin dashboard both use this.
 *
 * @param usedPercent   0 to 100
 * @param earliestReset the earliest of the resets given, or null
 */
public record PoolWindowUsage(double usedPercent, Instant earliestReset) {
    /**
     * @param capacity    the account's plan capacity in this window, in credits
     * @param usedPercent the account's used percent, null without a sample
     * @param resetAt     the account's reset to consider, or null
     * @return null when the accounts have no capacity at all (no accounts)
     */
    public static <A> PoolWindowUsage of(Collection<A> accounts, ToDoubleFunction<A> capacity,
                                         Function<A, Double> usedPercent, Function<A, Instant> resetAt) {
        double total = 0;
        double used = 0;
        Instant earliest = null;
        for (A account : accounts) {
            double credits = capacity.applyAsDouble(account);
            total += credits;
            Double percent = usedPercent.apply(account);
            if (percent != null) {
                used += credits * Math.max(0, Math.min(100.0, percent)) / 100.0;
            }
            Instant reset = resetAt.apply(account);
            if (reset != null && (earliest == null || reset.isBefore(earliest))) {
                earliest = reset;
            }
        }
        return total == 0 ? null : new PoolWindowUsage(100.0 * used / total, earliest);
    }
}
