package io.codexpool.persistence.requestlogs;

import java.time.Instant;

/**
 * What the request-log page and API narrow by; null or blank means "any". {@code status} is {@code error} (HTTP
 * status 400 and above), {@code success} (below 400), a status code such as {@code 429}, or the status column's text.
 * {@code text} matches request id, model, account email, error code or error message, ignoring case. {@code apiKeyId}
 * is the id of the API key the requests came with.
 */
public record RequestLogFilter(String accountId, String model, String status, Instant from, Instant to,
                               String text, String apiKeyId) {
    public static final RequestLogFilter ANY = new RequestLogFilter(null, null, null, null, null, null, null);

    public static RequestLogFilter forAccount(String accountId) {
        return new RequestLogFilter(accountId, null, null, null, null, null, null);
    }

    public static RequestLogFilter since(Instant from) {
        return new RequestLogFilter(null, null, null, from, null, null, null);
    }

    /** The requests of one API key since {@code from} (null: ever). */
    public static RequestLogFilter forApiKey(String apiKeyId, Instant from) {
        return new RequestLogFilter(null, null, null, from, null, null, apiKeyId);
    }
}
