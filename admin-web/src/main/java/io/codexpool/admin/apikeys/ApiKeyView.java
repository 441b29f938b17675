package io.codexpool.admin.apikeys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.proxy.apikeys.KeyPolicy;
import io.codexpool.proxy.apikeys.KeyUsage;
import io.codexpool.proxy.apikeys.LimitRule;
import io.codexpool.proxy.apikeys.RuleUsage;

/** A key as the pages and the JSON API show it: its policy, and its use against each limit on this replica's count. */
public record ApiKeyView(String id, String name, String prefix, boolean enabled, String status, Instant expiresAt,
                         List<String> allowedModels, List<String> accountIds, Integer maxConcurrentTurns,
                         List<RuleUsage> limits, Instant lastUsedAt, Instant createdAt) {
    static ApiKeyView of(ApiKey row, KeyUsage usage) {
        KeyPolicy policy = KeyPolicy.of(row);
        return new ApiKeyView(row.getId(), row.getName(), row.getKeyPrefix(), row.isEnabled(),
                policy.status(Instant.now()), row.getExpiresAt(), policy.allowedModels().stream().sorted().toList(),
                policy.accountIds().stream().sorted().toList(), row.getMaxConcurrentTurns(),
                policy.limits().stream().map(rule -> usage.usage(row.getId(), rule)).toList(), row.getLastUsedAt(),
                row.getCreatedAt());
    }

    /** The key object of the API, camelCase. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", name);
        json.put("prefix", prefix);
        json.put("enabled", enabled);
        json.put("expiresAt", text(expiresAt));
        json.put("allowedModels", allowedModels);
        json.put("accountIds", accountIds);
        json.put("maxConcurrentTurns", maxConcurrentTurns);
        json.put("limits", limits.stream().map(ApiKeyView::limit).toList());
        json.put("lastUsedAt", text(lastUsedAt));
        json.put("createdAt", text(createdAt));
        return json;
    }

    /** The rules as the form's text area takes them back: one {@code metric window max [model]} a line. */
    String limitLines() {
        StringBuilder lines = new StringBuilder();
        for (RuleUsage usage : limits) {
            LimitRule rule = usage.rule();
            lines.append(rule.metric().wireName()).append(' ').append(rule.window().wireName()).append(' ')
                    .append(rule.max().stripTrailingZeros().toPlainString())
                    .append(rule.model() == null ? "" : " " + rule.model()).append('\n');
        }
        return lines.toString();
    }

    private static Map<String, Object> limit(RuleUsage usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metric", usage.rule().metric().wireName());
        json.put("window", usage.rule().window().wireName());
        json.put("max", usage.rule().max());
        json.put("model", usage.rule().model());
        json.put("used", usage.used());
        json.put("resetsAt", text(usage.resetsAt()));
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
