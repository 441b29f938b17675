package io.codexpool.persistence.webhooks;

import java.time.Instant;

/** One post of one event to one webhook, as the delivery worker needs it. */
public record Delivery(long id, String webhookId, String event, String payload, int attempts, Instant createdAt) {
}
