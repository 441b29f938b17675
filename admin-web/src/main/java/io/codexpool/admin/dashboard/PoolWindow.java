package io.codexpool.admin.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.codexpool.admin.accounts.AccountView;

/**
 * How much of one window the pool has left, weighting each usable account by its plan's capacity, and the earliest
 * upcoming reset among them. An account without a sample yet counts as unused.
 */
public record PoolWindow(double remainingPercent, Instant earliestReset, int accounts) {
    static PoolWindow of(List<AccountView> usable, Function<AccountView, AccountView.Usage> usage,
                         ToDoubleFunction<PlanCapacity> capacity, Instant now) {
        double total = 0;
        double left = 0;
        Instant earliest = null;
        for (AccountView account : usable) {
            double credits = capacity.applyAsDouble(PlanCapacity.of(account.planType()));
            AccountView.Usage window = usage.apply(account);
            total += credits;
            left += credits * (100 - window.barPercent()) / 100;
            Instant reset = window.resetAt();
            if (reset != null && reset.isAfter(now) && (earliest == null || reset.isBefore(earliest))) {
                earliest = reset;
            }
        }
        return new PoolWindow(total == 0 ? 0 : left / total * 100, earliest, usable.size());
    }

    public String barClass() {
        return remainingPercent <= 0 ? "full" : remainingPercent <= 20 ? "high" : "";
    }
}
