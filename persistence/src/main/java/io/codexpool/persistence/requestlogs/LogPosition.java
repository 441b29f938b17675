package io.codexpool.persistence.requestlogs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A row's place in the newest-first request-log order, (requested_at, id): what "older" and "newer" links carry
 * instead of an offset. As text it is {@code <epoch microseconds>-<id>}.
 */
public record LogPosition(Instant requestedAt, long id) {
    public static LogPosition of(RequestLog row) {
        return new LogPosition(row.getRequestedAt(), row.getId());
    }

    /** Null for blank text; throws {@link IllegalArgumentException} for text that is not a position. */
    public static LogPosition parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.strip().split("-");
        try {
            if (parts.length == 2) {
                long micros = Long.parseLong(parts[0]);
                return new LogPosition(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), Long.parseLong(parts[1]));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("not a request-log position");
    }

    public String token() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, requestedAt) + "-" + id;
    }
}
