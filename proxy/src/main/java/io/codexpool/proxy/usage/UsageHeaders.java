package io.codexpool.proxy.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.PlanCapacity;
import io.codexpool.proxy.accounts.WindowUsage;

/**
 * Reads an account's usage from the {@code x-codex-primary-*} / {@code x-codex-secondary-*} headers of an upstream
 * reply, and writes the pool's usage into the same headers of ours.
 */
public final class UsageHeaders {
    private UsageHeaders() {
    }

    /** Both windows in these headers, in the slots they belong to (see {@link UsageWindows#of}). */
    public static UsageWindows read(Function<String, String> header, Instant now) {
        return UsageWindows.of(window(header, "primary", now), window(header, "secondary", now));
    }

    /** One window's usage as the headers name it, or null when the reply carries none. */
    private static WindowUsage window(Function<String, String> header, String window, Instant now) {
        String prefix = "x-codex-" + window + "-";
        Double used = number(header.apply(prefix + "used-percent"));
        if (used == null) {
            return null;
        }
        Double minutes = number(header.apply(prefix + "window-minutes"));
        Instant resetAt = null;
        Double resetAtEpoch = number(header.apply(prefix + "reset-at"));
        Double resetAfter = number(header.apply(prefix + "reset-after-seconds"));
        if (resetAtEpoch != null) {
            resetAt = Instant.ofEpochSecond(resetAtEpoch.longValue());
        } else if (resetAfter != null) {
            resetAt = now.plusSeconds(resetAfter.longValue());
        }
        return new WindowUsage(used, minutes == null ? null : minutes.intValue(), resetAt, now);
    }

    /**
     * The pool's usage over the given accounts, weighted by plan capacity, with the earliest reset of each window.
     * The window lengths are fixed (300 and 10080 minutes): the slots already hold those windows, and an account's
     * own figure would let one odd account tell clients what the whole pool's windows are.
     */
    public static Map<String, String> pool(Collection<AccountState> usable) {
        Map<String, String> headers = new LinkedHashMap<>();
        window(headers, "primary", usable, AccountState::primary, PlanCapacity::primary, 300);
        window(headers, "secondary", usable, AccountState::secondary, PlanCapacity::secondary, 10080);
        return headers;
    }

    private static void window(Map<String, String> headers, String name, Collection<AccountState> accounts,
                               Function<AccountState, WindowUsage> usage, Function<PlanCapacity, Double> capacity,
                               int minutes) {
        PoolWindowUsage pool = PoolWindowUsage.of(accounts, account -> capacity.apply(account.capacity()),
                account -> usage.apply(account) == null ? null : usage.apply(account).usedPercent(),
                account -> usage.apply(account) == null ? null : usage.apply(account).resetAt());
        if (pool == null) {
            return;
        }
        headers.put("x-codex-" + name + "-used-percent", oneDecimal(pool.usedPercent()));
        headers.put("x-codex-" + name + "-window-minutes", String.valueOf(minutes));
        if (pool.earliestReset() != null) {
            headers.put("x-codex-" + name + "-reset-at", String.valueOf(pool.earliestReset().getEpochSecond()));
        }
    }

    /**
     * As {@code String.format("%.1f")} writes it (half up, from the shortest decimal form), at a fraction of its cost:
     * every reply carries two, and the formatter was most of the 3 % of the service's CPU samples that the pool
     * headers took on CPU-bound streams (JFR).
     */
    static String oneDecimal(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString()
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static Double number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
