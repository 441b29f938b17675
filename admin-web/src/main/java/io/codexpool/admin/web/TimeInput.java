package io.codexpool.admin.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the time-range inputs: ISO instants (API) or {@code datetime-local} values read as UTC (page). */
public final class TimeInput {
    private TimeInput() {
    }

    /** Null for a blank value; throws {@link IllegalArgumentException} with a readable message otherwise. */
    public static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(field + " must be a time such as 2026-11-20T10:00 (UTC).");
            }
        }
    }
}
