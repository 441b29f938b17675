package io.codexpool.proxy.sticky;

import java.time.Instant;

/** Where a conversation is pinned, as the in-memory view holds it. */
public record Binding(String accountId, Instant createdAt, Instant updatedAt) {
}
