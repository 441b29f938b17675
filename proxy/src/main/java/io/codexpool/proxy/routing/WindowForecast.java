package io.codexpool.proxy.routing;

import java.time.Duration;
import java.time.Instant;

import io.codexpool.proxy.accounts.BurnRate;
import io.codexpool.proxy.accounts.WindowUsage;

/**
 * Where one window is heading at the current pace: used percent now (the last reading carried forward at the burn
 * rate), when it would reach 100 %, and whether that comes before the window resets.
 *
 * @param window             {@code primary} (5-hour) or {@code secondary} (weekly)
 * @param burnPercentPerHour null while the rate is unknown (fewer than two readings): such a window counts as safe
 * @param exhaustsAt         null when it never runs out at this pace
 * @param resetsAt           null when no reset is known
 */
public record WindowForecast(String window, double usedPercent, Double burnPercentPerHour, Instant exhaustsAt,
                             Instant resetsAt, boolean safe, Instant now) {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    /** The forecast of a window from its newest reading and burn rate, or null when nothing is known of it. */
    public static WindowForecast of(String window, WindowUsage usage, BurnRate burn, Instant now) {
        if (usage == null) {
            return null;
        }
        Double rate = burn == null ? null : burn.percentPerHour();
        Instant resetsAt = nextReset(usage, now);
        double used;
        if (usage.resetAt() != null && !usage.resetAt().isAfter(now)) {
            used = rate == null ? 0.0 : rate * hours(usage.resetAt(), now); // spent since the reset, at this pace
        } else {
            used = usage.usedPercent() + (rate == null ? 0.0 : rate * hours(usage.recordedAt(), now));
        }
        return projected(window, used, rate, resetsAt, now);
    }

    /** The forecast of {@code usedPercent} now growing at {@code rate} (null: unknown) until {@code resetsAt}. */
    static WindowForecast projected(String window, double usedPercent, Double rate, Instant resetsAt, Instant now) {
        double used = Math.min(100.0, Math.max(0.0, usedPercent));
        Instant exhaustsAt = null;
        if (used >= 100.0) {
            exhaustsAt = now;
        } else if (rate != null && rate > 0) {
            exhaustsAt = now.plusMillis((long) ((100.0 - used) / rate * MILLIS_PER_HOUR));
        }
        boolean safe = exhaustsAt == null || resetsAt != null && !exhaustsAt.isBefore(resetsAt);
        return new WindowForecast(window, used, rate, exhaustsAt, resetsAt, safe, now);
    }

    /**
     * Percent of the window expected to be left at its reset at this pace, less what {@code lead} more of this pace
     * would use: negative when the window runs out first.
     */
    public double leftoverAtReset(Duration lead) {
        double rate = burnPercentPerHour == null ? 0.0 : burnPercentPerHour;
        Instant until = resetsAt == null ? now.plus(Duration.ofDays(7)) : resetsAt;
        return 100.0 - usedPercent - rate * (hours(now, until) + lead.toMillis() / MILLIS_PER_HOUR);
    }

    /** Hours until the reset; a week when none is known. */
    public double hoursToReset() {
        return resetsAt == null ? 168.0 : Math.max(0.0, hours(now, resetsAt));
    }

    /** The stated reset, or, once it has passed, the one a window length later (the new window's). */
    private static Instant nextReset(WindowUsage usage, Instant now) {
        Instant reset = usage.resetAt();
        if (reset == null || reset.isAfter(now)) {
            return reset;
        }
        if (usage.windowMinutes() == null || usage.windowMinutes() <= 0) {
            return null;
        }
        Duration length = Duration.ofMinutes(usage.windowMinutes());
        long windows = Duration.between(reset, now).toMillis() / length.toMillis() + 1;
        return reset.plus(length.multipliedBy(windows));
    }

    private static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / MILLIS_PER_HOUR;
    }
}
