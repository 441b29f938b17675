package io.codexpool.admin.settings;

import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.persistence.settings.Settings;

/** The settings as the form and the JSON API show them: camelCase names, wire-name values. */
public final class SettingsView {
    /** One line per transport, shown beside the radio buttons. */
    public static final Map<String, String> TRANSPORTS = ordered(
            "default", "Use the transport configured for the service at start-up (itself auto unless changed).",
            "auto", "Decide per request: HTTP for image generation, WebSocket for native Codex clients and models "
                    + "that prefer it, HTTP otherwise.",
            "http", "Always stream over HTTP (server-sent events).",
            "websocket", "Always use the upstream WebSocket.");
    public static final Map<String, String> STRATEGIES = ordered(
            "capacity_weighted", "Random, weighted by plan capacity and weekly credits left.",
            "usage_weighted", "Lowest used percent first, then least recently used.",
            "round_robin", "Least recently used account first.",
            "depletion_aware", "By the burn-rate forecast: no account runs out before its reset while others have "
                    + "room, and credit that resets soonest is spent first (recommended; the default for new installations).");

    private SettingsView() {
    }

    public static Map<String, Object> json(Settings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(SettingsUpdate.THRESHOLD, settings.getBudgetThresholdPercent());
        json.put(SettingsUpdate.STRATEGY, settings.getRoutingStrategy().wireName());
        json.put(SettingsUpdate.PREFER_EARLIER_RESET, settings.isPreferEarlierReset());
        json.put(SettingsUpdate.STICKY_THREADS, settings.isStickyThreadsEnabled());
        json.put(SettingsUpdate.TTL, settings.getPromptCacheAffinityTtlSeconds());
        json.put(SettingsUpdate.TRANSPORT, settings.getUpstreamTransport().wireName());
        json.put(SettingsUpdate.API_KEYS_REQUIRED, settings.isApiKeysRequired());
        json.put(SettingsUpdate.REQUEST_LOG_RETENTION, settings.getRequestLogRetentionDays());
        json.put(SettingsUpdate.ROLLUP_RETENTION, settings.getRollupRetentionDays());
        json.put(SettingsUpdate.POOL_LOW, settings.getPoolLowPercent());
        json.put("updatedAt", settings.getUpdatedAt().toString());
        return json;
    }

    /** The form's values as text, the way they are typed back in. */
    public static Map<String, String> form(Settings settings) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(SettingsUpdate.THRESHOLD, settings.getBudgetThresholdPercent().stripTrailingZeros().toPlainString());
        form.put(SettingsUpdate.STRATEGY, settings.getRoutingStrategy().wireName());
        form.put(SettingsUpdate.PREFER_EARLIER_RESET, String.valueOf(settings.isPreferEarlierReset()));
        form.put(SettingsUpdate.STICKY_THREADS, String.valueOf(settings.isStickyThreadsEnabled()));
        form.put(SettingsUpdate.TTL, String.valueOf(settings.getPromptCacheAffinityTtlSeconds()));
        form.put(SettingsUpdate.TRANSPORT, settings.getUpstreamTransport().wireName());
        form.put(SettingsUpdate.API_KEYS_REQUIRED, String.valueOf(settings.isApiKeysRequired()));
        form.put(SettingsUpdate.REQUEST_LOG_RETENTION, String.valueOf(settings.getRequestLogRetentionDays()));
        form.put(SettingsUpdate.ROLLUP_RETENTION, String.valueOf(settings.getRollupRetentionDays()));
        form.put(SettingsUpdate.POOL_LOW, settings.getPoolLowPercent().stripTrailingZeros().toPlainString());
        return form;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
