package io.codexpool.proxy.usage;

import java.time.Instant;

import io.codexpool.proxy.accounts.WindowUsage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a {@code codex.rate_limits} event, the WebSocket transport's form of the {@code x-codex-*} usage headers:
 * {@code {"rate_limits":{"primary":{"used_percent","window_minutes","reset_at"},"secondary":{...}}}}.
 */
public final class RateLimitsEvent {
    private RateLimitsEvent() {
    }

    /** Both windows of the event, in the slots they belong to (see {@link UsageWindows#of}). */
    public static UsageWindows read(JsonNode event, Instant now) {
        return UsageWindows.of(window(event, "primary", now), window(event, "secondary", now));
    }

    /** One window ({@code primary} or {@code secondary}) as the event names it, or null when it has none. */
    private static WindowUsage window(JsonNode event, String window, Instant now) {
        JsonNode node = event.path("rate_limits").path(window);
        if (!node.path("used_percent").isNumber()) {
            return null;
        }
        Integer minutes = node.path("window_minutes").isNumber() ? node.get("window_minutes").asInt() : null;
        return new WindowUsage(node.get("used_percent").asDouble(), minutes, UsageWindows.resetAt(node, now), now);
    }
}
