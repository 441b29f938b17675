package io.codexpool.persistence.requestlogs;

import java.time.Duration;
import java.time.Instant;

/**
 * What the request-log page, API and CSV export narrow by; null or blank means "any". {@code status} is {@code error}
 * (HTTP status 400 and above), {@code success} (below 400) or a status code such as {@code 429}. {@code text}
 * matches request id, model, account email, error code or error message, ignoring case; it is only searched within a
 * time range (see {@link #withSearchWindow}). {@code apiKeyId} is the id of the API key the requests came with.
 */
public record RequestLogFilter(String accountId, String model, String status, Instant from, Instant to,
                               String text, String apiKeyId) {
    /** How far back free text is searched when no start time is given. */
    public static final Duration SEARCH_WINDOW = Duration.ofHours(24);

    public static final RequestLogFilter ANY = new RequestLogFilter(null, null, null, null, null, null, null);

    public RequestLogFilter {
        if (present(status) && !validStatus(status)) {
            throw new IllegalArgumentException("status must be error, success or an HTTP status code such as 429.");
        }
    }

    public static RequestLogFilter forAccount(String accountId) {
        return new RequestLogFilter(accountId, null, null, null, null, null, null);
    }

    /** The requests of one API key. */
    public static RequestLogFilter forApiKey(String apiKeyId) {
        return new RequestLogFilter(null, null, null, null, null, null, apiKeyId);
    }

    /**
     * This filter, with a text search that has no start time limited to the {@link #SEARCH_WINDOW} before its end
     * (or {@code now}): a search reads every row of its range, so the range must stay bounded.
     */
    public RequestLogFilter withSearchWindow(Instant now) {
        if (!present(text) || from != null) {
            return this;
        }
        return new RequestLogFilter(accountId, model, status, (to == null ? now : to).minus(SEARCH_WINDOW), to, text,
                apiKeyId);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean validStatus(String status) {
        String value = status.strip();
        return value.equalsIgnoreCase("error") || value.equalsIgnoreCase("success") || value.matches("\\d{3}");
    }
}
