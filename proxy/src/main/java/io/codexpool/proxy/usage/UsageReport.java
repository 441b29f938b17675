package io.codexpool.proxy.usage;

import java.time.Instant;

import io.codexpool.proxy.accounts.WindowUsage;

import com.fasterxml.jackson.databind.JsonNode;

/** What {@code GET /wham/usage} says about an account: its plan and both windows (either may be missing). */
public record UsageReport(String planType, WindowUsage primary, WindowUsage secondary) {
    private static final long WEEK_SECONDS = 604_800;

    public static UsageReport parse(JsonNode body, Instant now) {
        JsonNode limits = body.path("rate_limit");
        WindowUsage primary = window(limits.path("primary_window"), now);
        WindowUsage secondary = window(limits.path("secondary_window"), now);
        // Weekly-only plans report their one window as primary; it is the secondary (weekly) window for us.
        if (primary != null && secondary == null && primary.windowMinutes() != null
                && primary.windowMinutes() * 60L >= WEEK_SECONDS) {
            secondary = primary;
            primary = null;
        }
        String plan = body.path("plan_type").asText("");
        return new UsageReport(plan.isBlank() ? null : plan, primary, secondary);
    }

    private static WindowUsage window(JsonNode window, Instant now) {
        if (!window.isObject() || !window.path("used_percent").isNumber()) {
            return null;
        }
        Integer minutes = window.path("limit_window_seconds").canConvertToLong()
                ? (int) (window.path("limit_window_seconds").asLong() / 60) : null;
        Instant resetAt = null;
        if (window.path("reset_at").canConvertToLong()) {
            resetAt = Instant.ofEpochSecond(window.path("reset_at").asLong());
        } else if (window.path("reset_after_seconds").canConvertToLong()) {
            resetAt = now.plusSeconds(window.path("reset_after_seconds").asLong());
        }
        return new WindowUsage(window.path("used_percent").asDouble(), minutes, resetAt, now);
    }
}
