package io.codexpool.proxy.routing;

import java.time.Instant;
import java.util.Collection;
import java.util.function.Function;

import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.PlanCapacity;

/**
 * The pool's forecast per window: every usable account's used percent and burn rate weighted by its plan's credits,
 * so "runs out" means the pool as a whole, at the current pace, before or after the earliest upcoming reset.
 */
public record PoolForecast(WindowForecast primary, WindowForecast secondary) {
    /** Over accounts that may still take requests (paused and deactivated ones left out by the caller). */
    public static PoolForecast of(Collection<AccountState> usable, Instant now) {
        return new PoolForecast(
                window("primary", usable, now, AccountForecast::primary, PlanCapacity::primary),
                window("secondary", usable, now, AccountForecast::secondary, PlanCapacity::secondary));
    }

    private static WindowForecast window(String name, Collection<AccountState> usable, Instant now,
                                         Function<AccountForecast, WindowForecast> pick,
                                         Function<PlanCapacity, Double> capacity) {
        double credits = 0;
        double used = 0;
        double burn = 0;
        boolean burnKnown = false;
        Instant earliestReset = null;
        for (AccountState account : usable) {
            double weight = capacity.apply(account.capacity());
            credits += weight;
            WindowForecast forecast = pick.apply(AccountForecast.of(account, now));
            if (forecast == null) {
                continue; // no reading yet: all of it is left
            }
            used += weight * forecast.usedPercent();
            if (forecast.burnPercentPerHour() != null) {
                burn += weight * forecast.burnPercentPerHour();
                burnKnown = true;
            }
            Instant reset = forecast.resetsAt();
            if (reset != null && (earliestReset == null || reset.isBefore(earliestReset))) {
                earliestReset = reset;
            }
        }
        if (credits == 0) {
            return null;
        }
        return WindowForecast.projected(name, used / credits, burnKnown ? burn / credits : null, earliestReset, now);
    }
}
