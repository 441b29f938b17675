package io.codexpool.admin.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.codexpool.admin.accounts.AccountView;
import io.codexpool.proxy.accounts.PlanCapacity;
import io.codexpool.proxy.usage.PoolWindowUsage;

/**
 * How much of one window the pool has left, weighting each usable account by its plan's capacity, and the earliest
 * upcoming reset among them. An account without a sample yet counts as unused.
 */
public record PoolWindow(double remainingPercent, Instant earliestReset, int accounts) {
    static PoolWindow of(List<AccountView> usable, Function<AccountView, AccountView.Usage> usage,
                         ToDoubleFunction<PlanCapacity> capacity, Instant now) {
        PoolWindowUsage pool = PoolWindowUsage.of(usable,
                account -> capacity.applyAsDouble(PlanCapacity.of(account.planType())),
                account -> usage.apply(account).barPercent(),
                account -> upcoming(usage.apply(account).resetAt(), now));
        return pool == null ? new PoolWindow(0, null, 0)
                : new PoolWindow(100 - pool.usedPercent(), pool.earliestReset(), usable.size());
    }

    private static Instant upcoming(Instant reset, Instant now) {
        return reset != null && reset.isAfter(now) ? reset : null;
    }

    public String barClass() {
        return remainingPercent <= 0 ? "full" : remainingPercent <= 20 ? "high" : "";
    }
}
