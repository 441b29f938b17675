package io.codexpool.admin.sticky;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;

/** A mapping as the page and API show it, with the account's label and whether it is stale. */
public record StickyRow(String key, String kind, String accountId, String accountLabel, Instant createdAt,
                        Instant updatedAt, boolean stale) {
    static StickyRow of(StickySession session, String accountLabel, Instant staleBefore) {
        return new StickyRow(session.getKey(), session.getKind().wireName(), session.getAccountId(), accountLabel,
                session.getCreatedAt(), session.getUpdatedAt(),
                session.getKind() == StickyKind.PROMPT_CACHE && session.getUpdatedAt().isBefore(staleBefore));
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", key);
        json.put("kind", kind);
        json.put("accountId", accountId);
        json.put("accountEmail", accountLabel);
        json.put("createdAt", createdAt.toString());
        json.put("updatedAt", updatedAt.toString());
        json.put("stale", stale);
        return json;
    }
}
