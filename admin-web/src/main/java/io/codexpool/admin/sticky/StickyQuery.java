package io.codexpool.admin.sticky;

import java.time.Instant;

import io.codexpool.persistence.database.WireName;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.sticky.StickyFilter;
import io.codexpool.persistence.sticky.StickyKind;

/** The sticky-session filters as typed (kind, account, key text, stale only), turned into a repository filter. */
public record StickyQuery(String kind, String accountId, String keyText, boolean staleOnly) {

    /** Throws {@link IllegalArgumentException} with a readable message for an unknown kind. */
    public StickyFilter toFilter(Instant staleBefore) {
        return new StickyFilter(parseKind(kind), accountId, keyText, staleOnly ? staleBefore : null);
    }

    static StickyKind parseKind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        try {
            return WireName.parse(StickyKind.class, kind.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be codex_session, prompt_cache or sticky_thread");
        }
    }

    /** Prompt-cache mappings last used before this instant are stale: the proxy ignores them. */
    public static Instant staleBefore(SettingsRepository settings, Instant now) {
        return now.minusSeconds(settings.load().getPromptCacheAffinityTtlSeconds());
    }

    public boolean isEmpty() {
        return (kind == null || kind.isBlank()) && (accountId == null || accountId.isBlank())
                && (keyText == null || keyText.isBlank()) && !staleOnly;
    }
}
