package io.codexpool.persistence.apikeys;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One key's use of one model in one period: an increment on its way to the database, or the shared total read back.
 *
 * @param span {@code 5m} (a five-minute bucket), {@code day}, {@code week} or {@code month}
 */
public record KeyUsageRow(String apiKeyId, String span, Instant periodStart, String model, long requests, long tokens,
                          BigDecimal costUsd) {
}
