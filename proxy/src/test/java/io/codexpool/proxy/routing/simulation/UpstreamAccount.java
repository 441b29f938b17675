package io.codexpool.proxy.routing.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.proxy.accounts.PlanCapacity;

/**
 * One account as the simulated ChatGPT backend keeps it: a 5-hour and a weekly window. A request is refused (429,
 * {@code usage_limit_reached}) when either window is used up; otherwise it is served and its cost counted, and, like
 * the real backend, the reply's usage headers tell the usage as it was when the request arrived.
 */
final class UpstreamAccount {
    static final Duration FIVE_HOURS = Duration.ofHours(5);
    static final Duration WEEK = Duration.ofDays(7);
    private static final PlanCapacity PLUS = PlanCapacity.of("plus");

    /** What one request got: refused with the reset to wait for, or served; the usage headers either way. */
    record Reply(boolean limited, Instant resetsAt, Map<String, String> headers) {
    }

    private final String id;
    private final String plan;
    private final UpstreamWindow fiveHour;
    private final UpstreamWindow weekly;
    private final double fiveHourWeight;
    private final double weeklyWeight;

    /**
     * @param fiveHourUsed percent of the 5-hour window used at the start, {@code fiveHourReset} its first reset
     * @param weeklyUsed   percent of the weekly window used at the start, {@code weeklyReset} its first reset
     */
    UpstreamAccount(String id, String plan, double fiveHourUsed, Instant fiveHourReset, double weeklyUsed,
                    Instant weeklyReset) {
        this.id = id;
        this.plan = plan;
        PlanCapacity capacity = PlanCapacity.of(plan);
        this.fiveHour = new UpstreamWindow(FIVE_HOURS, capacity.primary(), fiveHourUsed, fiveHourReset);
        this.weekly = new UpstreamWindow(WEEK, capacity.secondary(), weeklyUsed, weeklyReset);
        this.fiveHourWeight = capacity.primary() / PLUS.primary();
        this.weeklyWeight = capacity.secondary() / PLUS.secondary();
    }

    String id() {
        return id;
    }

    String plan() {
        return plan;
    }

    /** Applies resets up to {@code now}, adding each window's unused credit (Plus percent-hours) to {@code stats}. */
    void roll(Instant now, SimulationStats stats) {
        fiveHour.roll(now, percent -> stats.unusedFiveHour(percent * 5 * fiveHourWeight));
        weekly.roll(now, percent -> stats.unusedWeekly(percent * 168 * weeklyWeight));
    }

    /**
     * At the end of a run: the weekly credit of the window still open that can no longer be spent before its reset,
     * even at full 5-hour windows from now on.
     */
    void closeRun(Instant now, SimulationStats stats) {
        double hours = Duration.between(now, weekly.resetAt()).toMinutes() / 60.0;
        double fiveHourHours = Math.min(hours, Duration.between(now, fiveHour.resetAt()).toMinutes() / 60.0);
        double spendablePercentOfFiveHour = Math.max(0.0, 100.0 - fiveHour.percent())
                + (hours - fiveHourHours) / 5.0 * 100.0;
        double spendable = spendablePercentOfFiveHour * fiveHourWeight * 5; // Plus percent-hours
        double left = Math.max(0.0, 100.0 - weekly.percent()) * 168 * weeklyWeight;
        stats.lostAtEnd(Math.max(0.0, left - spendable));
    }

    Reply send(double credits, Instant now) {
        Map<String, String> headers = headers(now);
        if (fiveHour.exhausted() || weekly.exhausted()) {
            Instant resetsAt = weekly.exhausted() ? weekly.resetAt() : fiveHour.resetAt();
            return new Reply(true, resetsAt, headers);
        }
        fiveHour.spend(credits);
        weekly.spend(credits);
        return new Reply(false, null, headers);
    }

    /** What {@code /wham/usage} would say now, as the same header names. */
    Map<String, String> headers(Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        window(headers, "primary", fiveHour);
        window(headers, "secondary", weekly);
        return headers;
    }

    boolean exhausted() {
        return fiveHour.exhausted() || weekly.exhausted();
    }

    private static void window(Map<String, String> headers, String name, UpstreamWindow window) {
        // one decimal, as the backend rounds
        headers.put("x-codex-" + name + "-used-percent",
                String.valueOf(Math.round(Math.min(100.0, window.percent()) * 10) / 10.0));
        headers.put("x-codex-" + name + "-window-minutes", String.valueOf(window.length().toMinutes()));
        headers.put("x-codex-" + name + "-reset-at", String.valueOf(window.resetAt().getEpochSecond()));
    }
}
