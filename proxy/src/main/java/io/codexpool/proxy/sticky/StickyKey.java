package io.codexpool.proxy.sticky;

import java.util.Objects;

import io.codexpool.persistence.sticky.StickyKind;

/**
 * The affinity key a request carries: which conversation it belongs to, and of which kind.
 *
 * @param midTurn the request continues an earlier response ({@code previous_response_id}), which lives on the account
 *                that produced it: the conversation may not move for a forecast now, only at the next turn
 */
public record StickyKey(StickyKind kind, String key, boolean midTurn) {
    public StickyKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }
}
