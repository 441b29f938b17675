package io.codexpool.proxy.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.PlanCapacity;

/**
 * The {@code depletion_aware} strategy: among accounts that will not run out before their resets at the current pace
 * (the forecast, not today's percent), the one with the least time to spare before its weekly credit expires, so
 * credit that would reset unused is spent and credit that lasts is kept. When every candidate is at risk the pool has
 * no headroom: the one with the most credit left at its reset takes the request. Deterministic for the same readings
 * and clock.
 */
public final class DepletionAware {
    /**
     * An account must hold this much longer than until its reset at its pace, and keep {@link #MIN_LEFT_PERCENT}
     * besides: usage readings trail the requests in flight, so an account is left before the readings say 100 %.
     */
    private static final Duration LEAD = Duration.ofMinutes(1);
    private static final double MIN_LEFT_PERCENT = 2.0;
    /**
     * A request can cost a few credits whatever the plan (on a small plan that is many percent), and the reading
     * after it still shows the usage from before it: room for two of the largest requests in flight. In the two-week
     * simulation 6 credits left the working-day shape with more unused credit than capacity_weighted, 8 less in
     * every shape, with no limit hit in either (docs/routing.md).
     */
    private static final double MIN_LEFT_CREDITS = 8.0;
    private static final double FIVE_HOURS = 5.0;
    private static final Duration MOVE_WITHIN = Duration.ofHours(1);

    private DepletionAware() {
    }

    /** Projected to run out of either window before that window resets (or nearly: within the lead and margin). */
    public static boolean atRisk(AccountState account, Instant now) {
        return atRisk(AccountForecast.of(account, now), account.capacity());
    }

    /**
     * A conversation pinned here should move at its next turn: the account is at risk, and at this pace reaches 100 %
     * within {@link #MOVE_WITHIN}. A risk further off only keeps new conversations away; moving now would cost the
     * prompt cache for nothing, as the pace shifts once new work goes elsewhere.
     */
    public static boolean runsOutSoon(AccountState account, Instant now) {
        AccountForecast forecast = AccountForecast.of(account, now);
        PlanCapacity capacity = account.capacity();
        return soon(forecast.primary(), capacity.primary(), now)
                || soon(forecast.secondary(), capacity.secondary(), now);
    }

    private static boolean soon(WindowForecast window, double capacity, Instant now) {
        return runsShort(window, capacity) && window.exhaustsAt() != null
                && !window.exhaustsAt().isAfter(now.plus(MOVE_WITHIN));
    }

    static AccountState choose(List<AccountState> accounts, Instant now) {
        List<Candidate> candidates = accounts.stream().map(account -> Candidate.of(account, now)).toList();
        List<Candidate> safe = candidates.stream().filter(candidate -> !candidate.atRisk()).toList();
        if (safe.isEmpty()) {
            return candidates.stream()
                    .max(Comparator.comparingDouble(Candidate::creditsLeftAtReset)
                            .thenComparing(candidate -> candidate.account().id()))
                    .orElseThrow().account();
        }
        return safe.stream()
                .min(Comparator.comparingDouble(Candidate::spareHours)
                        .thenComparing(Comparator.comparingDouble(Candidate::creditsLeftAtReset).reversed())
                        .thenComparing(candidate -> candidate.account().id()))
                .orElseThrow().account();
    }

    /** One account's figures for a choice, each worked out once. */
    private record Candidate(AccountState account, boolean atRisk, double spareHours, double creditsLeftAtReset) {
        static Candidate of(AccountState account, Instant now) {
            AccountForecast forecast = AccountForecast.of(account, now);
            PlanCapacity capacity = account.capacity();
            return new Candidate(account, DepletionAware.atRisk(forecast, capacity),
                    DepletionAware.spareHours(forecast, capacity), DepletionAware.creditsLeftAtReset(forecast, capacity));
        }
    }

    private static boolean atRisk(AccountForecast forecast, PlanCapacity capacity) {
        return runsShort(forecast.primary(), capacity.primary())
                || runsShort(forecast.secondary(), capacity.secondary());
    }

    private static boolean runsShort(WindowForecast window, double capacity) {
        double margin = Math.max(MIN_LEFT_PERCENT, MIN_LEFT_CREDITS / capacity * 100.0);
        return window != null && window.leftoverAtReset(LEAD) < margin;
    }

    /**
     * Hours the account could stand idle and still spend all its weekly credit before the weekly reset, at the most
     * its 5-hour window lets through (a Plus plan's weekly credit is exactly a week of full 5-hour windows). The
     * fewest first: below zero, some credit expires unused however the account is used, and every request it takes
     * is credit saved; an account whose credit lasts is kept for later. Without a known weekly reset: last.
     */
    private static double spareHours(AccountForecast forecast, PlanCapacity capacity) {
        WindowForecast weekly = forecast.secondary();
        if (weekly == null || weekly.resetsAt() == null) {
            return Double.MAX_VALUE;
        }
        double perHour = capacity.primary() / FIVE_HOURS;
        double hours = weekly.hoursToReset();
        WindowForecast fiveHour = forecast.primary();
        double fiveHourLeft = fiveHour == null ? capacity.primary()
                : capacity.primary() * (100.0 - fiveHour.usedPercent()) / 100.0;
        double fiveHourHours = fiveHour == null ? 0.0 : Math.min(hours, fiveHour.hoursToReset());
        double spendable = fiveHourLeft + (hours - fiveHourHours) * perHour;
        double weeklyLeft = capacity.secondary() * (100.0 - weekly.usedPercent()) / 100.0;
        return (spendable - weeklyLeft) / perHour;
    }

    /** Plan credits expected left at reset in the tighter window (a window not known yet counts as untouched). */
    private static double creditsLeftAtReset(AccountForecast forecast, PlanCapacity capacity) {
        return Math.min(credits(forecast.primary(), capacity.primary()),
                credits(forecast.secondary(), capacity.secondary()));
    }

    private static double credits(WindowForecast window, double capacity) {
        return window == null ? capacity : capacity * window.leftoverAtReset(LEAD) / 100.0;
    }
}
