package io.codexpool.persistence.sticky;

import io.codexpool.persistence.database.WireName;

/** The three kinds of conversation affinity; only {@link #PROMPT_CACHE} expires. */
public enum StickyKind implements WireName {
    CODEX_SESSION("codex_session"),
    PROMPT_CACHE("prompt_cache"),
    STICKY_THREAD("sticky_thread");

    private final String wireName;

    StickyKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public boolean durable() {
        return this != PROMPT_CACHE;
    }
}
