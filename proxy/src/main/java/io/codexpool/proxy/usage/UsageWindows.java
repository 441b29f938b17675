package io.codexpool.proxy.usage;

import java.time.Instant;

import io.codexpool.proxy.accounts.WindowUsage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An account's two windows as one usage sample reports them, put in the slots they belong to. Every source (the
 * {@code /wham/usage} poll, reply headers, {@code codex.rate_limits} events) goes through {@link #of}, so they agree.
 */
public record UsageWindows(WindowUsage primary, WindowUsage secondary) {
    /** Weekly length: accounts without a 5-hour limit report only this window, and call it primary. */
    static final int WEEK_MINUTES = 10_080;

    /**
     * Sorts what a source calls primary and secondary: a window a week or longer is the secondary (weekly) one, and a
     * window without information (e.g. the all-zero secondary sent beside a weekly primary) is dropped, since
     * recording it would overwrite a real figure with zero.
     */
    public static UsageWindows of(WindowUsage primary, WindowUsage secondary) {
        WindowUsage fiveHour = informative(primary);
        WindowUsage weekly = informative(secondary);
        if (weekly(fiveHour)) {
            // a real weekly secondary wins; a weekly "primary" is never the 5-hour window either way
            weekly = weekly == null ? fiveHour : weekly;
            fiveHour = null;
        }
        return new UsageWindows(fiveHour, weekly);
    }

    /**
     * When a window as the JSON sources write it resets: its {@code reset_at} (epoch seconds), else
     * {@code reset_after_seconds} from {@code now}; null when it has neither.
     */
    static Instant resetAt(JsonNode window, Instant now) {
        if (window.path("reset_at").canConvertToLong()) {
            return Instant.ofEpochSecond(window.path("reset_at").asLong());
        }
        if (window.path("reset_after_seconds").canConvertToLong()) {
            return now.plusSeconds(window.path("reset_after_seconds").asLong());
        }
        return null;
    }

    public boolean isEmpty() {
        return primary == null && secondary == null;
    }

    private static boolean weekly(WindowUsage window) {
        return window != null && window.windowMinutes() != null && window.windowMinutes() >= WEEK_MINUTES;
    }

    /** Null for a window of length 0, or of unknown length with nothing used and no reset: a placeholder. */
    private static WindowUsage informative(WindowUsage window) {
        if (window == null) {
            return null;
        }
        Integer minutes = window.windowMinutes();
        if (minutes != null && minutes == 0) {
            return null;
        }
        if (minutes == null && window.usedPercent() == 0.0 && window.resetAt() == null) {
            return null;
        }
        return window;
    }
}
