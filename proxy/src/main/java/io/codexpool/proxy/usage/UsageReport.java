package io.codexpool.proxy.usage;

import java.time.Instant;

import io.codexpool.proxy.accounts.WindowUsage;

import com.fasterxml.jackson.databind.JsonNode;

/** What {@code GET /wham/usage} says about an account: its plan and both windows (either may be missing). */
public record UsageReport(String planType, WindowUsage primary, WindowUsage secondary) {
    public static UsageReport parse(JsonNode body, Instant now) {
        JsonNode limits = body.path("rate_limit");
        // weekly-only plans report their one window as primary: UsageWindows makes it the secondary
        UsageWindows windows = UsageWindows.of(window(limits.path("primary_window"), now),
                window(limits.path("secondary_window"), now));
        String plan = body.path("plan_type").asText("");
        return new UsageReport(plan.isBlank() ? null : plan, windows.primary(), windows.secondary());
    }

    private static WindowUsage window(JsonNode window, Instant now) {
        if (!window.isObject() || !window.path("used_percent").isNumber()) {
            return null;
        }
        Integer minutes = window.path("limit_window_seconds").canConvertToLong()
                ? (int) (window.path("limit_window_seconds").asLong() / 60) : null;
        return new WindowUsage(window.path("used_percent").asDouble(), minutes, UsageWindows.resetAt(window, now),
                now);
    }
}
