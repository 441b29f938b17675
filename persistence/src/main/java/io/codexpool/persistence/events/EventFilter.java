package io.codexpool.persistence.events;

import java.time.Instant;

/** What the events page and {@code GET /api/admin/events} narrow the log by; null fields do not filter. */
public record EventFilter(String category, String action, Instant from, Instant to, String text) {
}
