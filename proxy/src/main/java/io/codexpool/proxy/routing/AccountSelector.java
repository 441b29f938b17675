package io.codexpool.proxy.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.Availability;
import io.codexpool.proxy.accounts.WindowUsage;
import io.codexpool.proxy.models.ModelRegistry;
import io.codexpool.proxy.settings.RoutingSettings;
import io.codexpool.proxy.settings.SettingsCache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Chooses the account for a request from memory only: candidates, budget-safe first, earlier weekly reset first
 * (except for {@code depletion_aware}, which weighs resets itself), then the configured strategy.
 */
@ApplicationScoped
public class AccountSelector {
    private static final Comparator<AccountState> LEAST_RECENTLY_SELECTED =
            Comparator.comparingLong(AccountState::lastSelectedNanos);
    private static final long UNKNOWN_RESET = -1;

    private final AccountPool pool;
    private final SettingsCache settings;
    private final Clock clock;
    private final ModelRegistry models;
    private final Supplier<RandomGenerator> random;

    @Inject
    public AccountSelector(AccountPool pool, SettingsCache settings, Clock clock, ModelRegistry models) {
        this(pool, settings, clock, models, ThreadLocalRandom::current);
    }

    /** With the random source {@code capacity_weighted} draws from: a seeded one makes a simulation repeatable. */
    public AccountSelector(AccountPool pool, SettingsCache settings, Clock clock, ModelRegistry models,
                           Supplier<RandomGenerator> random) {
        this.pool = pool;
        this.settings = settings;
        this.clock = clock;
        this.models = models;
        this.random = random;
    }

    /** Chooses an account not in {@code excluded} whose plan can serve {@code model} (null: any), and notes it. */
    public AccountState select(Set<String> excluded, String model) {
        Instant now = clock.instant();
        List<AccountState> candidates = candidates(excluded, now, model);
        if (candidates.isEmpty()) {
            NoAccountAvailable planless = noPlanServes(excluded, now, model);
            throw planless != null ? planless : unavailable(pool.all(), excluded, now);
        }
        AccountState chosen = choose(candidates, settings.current());
        chosen.selected(System.nanoTime());
        return chosen;
    }

    /** Available accounts not in {@code excluded}, limited to plans that serve {@code model} once that is known. */
    public List<AccountState> candidates(Set<String> excluded, Instant now, String model) {
        List<AccountState> candidates = new ArrayList<>();
        for (AccountState account : pool.all()) {
            if (!excluded.contains(account.id()) && Availability.of(account, now) == Availability.AVAILABLE
                    && models.canServe(account.planType(), model)) {
                candidates.add(account);
            }
        }
        return candidates;
    }

    /** When accounts are available but none of their plans offers the model, says so; else null. */
    private NoAccountAvailable noPlanServes(Set<String> excluded, Instant now, String model) {
        if (model == null || candidates(excluded, now, null).isEmpty()) {
            return null;
        }
        return new NoAccountAvailable("no available account's plan offers model " + model, null);
    }

    /** Primary or secondary used percent strictly above the budget threshold, as of {@code now}. */
    public static boolean pressured(AccountState account, RoutingSettings settings, Instant now) {
        return above(account.primary(), settings.budgetThresholdPercent(), now)
                || above(account.secondary(), settings.budgetThresholdPercent(), now);
    }

    /** Steps 2 to 4 of account choice, over non-empty candidates. */
    public AccountState choose(List<AccountState> candidates, RoutingSettings settings) {
        Instant now = clock.instant();
        List<AccountState> pool = candidates;
        List<AccountState> budgetSafe = pool.stream().filter(a -> !pressured(a, settings, now)).toList();
        if (!budgetSafe.isEmpty()) {
            pool = budgetSafe;
        }
        // depletion_aware orders by reset itself, and must be free to leave an early-reset account at risk
        if (settings.preferEarlierReset() && settings.routingStrategy() != RoutingStrategy.DEPLETION_AWARE) {
            pool = earliestResetGroup(pool, now);
        }
        return switch (settings.routingStrategy()) {
            case CAPACITY_WEIGHTED -> capacityWeighted(pool, now);
            case USAGE_WEIGHTED -> usageWeighted(pool, now);
            case ROUND_ROBIN -> pool.stream().min(LEAST_RECENTLY_SELECTED).orElseThrow();
            case DEPLETION_AWARE -> DepletionAware.choose(pool, now);
        };
    }

    /**
     * The accounts whose weekly reset is in the earliest whole day, plus every account whose reset is not known yet:
     * an unknown reset (a fresh account, not yet read) says nothing against it, and such an account is often the
     * best one to use.
     */
    private static List<AccountState> earliestResetGroup(List<AccountState> accounts, Instant now) {
        long earliest = accounts.stream().mapToLong(a -> daysUntilWeeklyReset(a, now)).filter(days -> days >= 0)
                .min().orElse(UNKNOWN_RESET);
        return accounts.stream().filter(a -> {
            long days = daysUntilWeeklyReset(a, now);
            return days == earliest || days == UNKNOWN_RESET;
        }).toList();
    }

    /** Whole days until the weekly reset, or {@link #UNKNOWN_RESET}. */
    private static long daysUntilWeeklyReset(AccountState account, Instant now) {
        WindowUsage weekly = account.secondary();
        if (weekly == null || weekly.resetAt() == null) {
            return UNKNOWN_RESET;
        }
        return Math.max(0, Duration.between(now, weekly.resetAt()).toDays());
    }

    /**
     * Weighted by weekly credits left. The weekly capacity is the scale for every account, also one whose weekly
     * usage is not known yet (it then counts its 5-hour percent), so accounts' weights stay comparable.
     */
    private AccountState capacityWeighted(List<AccountState> accounts, Instant now) {
        double[] weights = new double[accounts.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            AccountState account = accounts.get(i);
            WindowUsage window = account.secondary() != null ? account.secondary() : account.primary();
            double used = window == null ? 0.0 : window.usedPercent(now);
            weights[i] = Math.max(0.0, account.capacity().secondary() * (1.0 - used / 100.0));
            total += weights[i];
        }
        if (total <= 0) {
            return usageWeighted(accounts, now);
        }
        double pick = random.get().nextDouble(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return accounts.get(i);
            }
        }
        return accounts.getLast();
    }

    private static AccountState usageWeighted(List<AccountState> accounts, Instant now) {
        return accounts.stream()
                .min(Comparator.comparingDouble((AccountState a) -> percent(a.secondary(), now))
                        .thenComparingDouble(a -> percent(a.primary(), now))
                        .thenComparing(LEAST_RECENTLY_SELECTED))
                .orElseThrow();
    }

    private static double percent(WindowUsage window, Instant now) {
        return window == null ? 0.0 : window.usedPercent(now);
    }

    private static boolean above(WindowUsage usage, double threshold, Instant now) {
        return usage != null && usage.usedPercent(now) > threshold;
    }

    /** Why none of these accounts can take a request now, told as if they were the whole pool. */
    public NoAccountAvailable unavailableAmong(Collection<AccountState> accounts) {
        return unavailable(accounts, Set.of(), clock.instant());
    }

    private NoAccountAvailable unavailable(Collection<AccountState> all, Set<String> excluded, Instant now) {
        if (all.isEmpty()) {
            return new NoAccountAvailable("no accounts are configured: add one in the admin site", null);
        }
        Map<Availability, Integer> counts = new EnumMap<>(Availability.class);
        Instant earliestReset = null;
        Instant earliestCooldownEnd = null;
        for (AccountState account : all) {
            Availability availability = Availability.of(account, now);
            counts.merge(availability, 1, Integer::sum);
            if (availability == Availability.LIMITED) {
                Instant until = Availability.limitedUntil(account, now);
                earliestReset = earliestReset == null || until.isBefore(earliestReset) ? until : earliestReset;
            } else if (availability == Availability.COOLING_DOWN) {
                Instant until = Availability.coolingDownUntil(account);
                earliestCooldownEnd = earliestCooldownEnd == null || until.isBefore(earliestCooldownEnd) ? until
                        : earliestCooldownEnd;
            }
        }
        int paused = counts.getOrDefault(Availability.PAUSED, 0);
        int deactivated = counts.getOrDefault(Availability.DEACTIVATED, 0);
        int limited = counts.getOrDefault(Availability.LIMITED, 0);
        int usable = all.size() - paused - deactivated;
        if (paused == all.size()) {
            return new NoAccountAvailable("all accounts are paused", null);
        }
        if (deactivated == all.size()) {
            return new NoAccountAvailable("all accounts need re-login", null);
        }
        if (usable > 0 && limited == usable) {
            long seconds = Math.max(1, Duration.between(now, earliestReset).toSeconds());
            return new NoAccountAvailable("rate limited, try again in " + seconds + " s", earliestReset);
        }
        if (earliestCooldownEnd != null) {
            long seconds = Math.max(1, Duration.between(now, earliestCooldownEnd).toSeconds());
            return new NoAccountAvailable("rate limited, try again in " + seconds + " s", null);
        }
        if (!excluded.isEmpty()) {
            return new NoAccountAvailable("every available account failed this request", null);
        }
        return new NoAccountAvailable("no account can take this request (" + paused + " paused, " + deactivated
                + " need re-login, " + limited + " limited)", null);
    }
}
