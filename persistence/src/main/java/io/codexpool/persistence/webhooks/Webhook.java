package io.codexpool.persistence.webhooks;

import java.time.Instant;
import java.util.List;

/** A receiver of alerts, as everyone but the delivery worker sees it: its URL only masked. */
public record Webhook(String id, String maskedUrl, List<String> events, Instant createdAt) {
}
