package io.codexpool.admin.requestlogs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.admin.web.Json;
import io.codexpool.admin.web.TimeInput;
import io.codexpool.persistence.requestlogs.LogPosition;
import io.codexpool.persistence.requestlogs.RequestLogFilter;

import jakarta.ws.rs.core.Response;

/**
 * The request-log list's query parameters as the page, the JSON API and the CSV export receive them: parsed in one
 * place, each bad value a message under its field name. A text search without a start time covers the last 24 hours.
 */
record LogListRequest(RequestLogFilter filter, LogPosition before, LogPosition after, Map<String, String> errors) {
    static LogListRequest parse(String accountId, String apiKeyId, String model, String status, String from, String to,
                                String text, String before, String after, Instant now) {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant fromTime = parsed(errors, "from", () -> TimeInput.parse("from", from));
        Instant toTime = parsed(errors, "to", () -> TimeInput.parse("to", to));
        LogPosition beforePosition = parsed(errors, "before", () -> position("before", before));
        LogPosition afterPosition = parsed(errors, "after", () -> position("after", after));
        if (beforePosition != null && afterPosition != null) {
            errors.put("after", "Give before or after, not both.");
        }
        RequestLogFilter filter = parsed(errors, "status", () -> new RequestLogFilter(accountId, model, status,
                fromTime, toTime, text, apiKeyId).withSearchWindow(now));
        return new LogListRequest(filter, beforePosition, afterPosition, errors);
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** The API's 400 answer naming the first bad field. */
    Response firstErrorAsJson() {
        Map.Entry<String, String> first = errors.entrySet().iterator().next();
        return Json.error(400, first.getValue(), first.getKey());
    }

    private static LogPosition position(String field, String text) {
        try {
            return LogPosition.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be a position from an earlier page's link.");
        }
    }

    private interface Parse<T> {
        T value();
    }

    private static <T> T parsed(Map<String, String> errors, String field, Parse<T> parse) {
        try {
            return parse.value();
        } catch (IllegalArgumentException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }
}
