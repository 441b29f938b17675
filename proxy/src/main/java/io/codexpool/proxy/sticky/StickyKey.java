package io.codexpool.proxy.sticky;

import java.util.Objects;

import io.codexpool.persistence.sticky.StickyKind;

/** The affinity key a request carries: which conversation it belongs to, and of which kind. */
public record StickyKey(StickyKind kind, String key) {
    public StickyKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }
}
