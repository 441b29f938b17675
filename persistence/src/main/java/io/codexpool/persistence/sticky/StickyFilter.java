package io.codexpool.persistence.sticky;

import java.time.Instant;

/**
 * What the sticky-sessions page narrows by; null or blank means "any". {@code staleBefore}, when set, keeps only
 * {@code prompt_cache} rows last used before it (the expired ones the proxy ignores and the cleanup job deletes).
 */
public record StickyFilter(StickyKind kind, String accountId, String keyText, Instant staleBefore) {
}
