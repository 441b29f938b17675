package io.codexpool.proxy.chains;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The items of one chain as the pool relayed them: every input item the client sent and every output item upstream
 * returned, in order. Its responses are prefixes of it; a continuation of an earlier response forks a copy.
 */
final class Conversation {
    final String scope;
    final List<String> responseIds = new ArrayList<>();
    /** Null once the chain outgrew its bound: it can still be pinned, no longer replayed. */
    List<JsonNode> items = new ArrayList<>();
    long bytes;
    Instant lastUsed;

    Conversation(String scope, Instant now) {
        this.scope = scope;
        this.lastUsed = now;
    }

    /** A new conversation holding the first {@code end} items of this one (bytes counted again). */
    Conversation fork(int end, Instant now) {
        Conversation copy = new Conversation(scope, now);
        if (items == null) {
            copy.items = null;
            return copy;
        }
        for (JsonNode item : items.subList(0, end)) {
            copy.add(item);
        }
        return copy;
    }

    void add(JsonNode item) {
        items.add(item);
        bytes += ChainItems.bytes(item);
    }

    void drop() {
        items = null;
        bytes = 0;
    }
}
