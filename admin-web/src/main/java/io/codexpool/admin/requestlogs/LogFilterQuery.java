package io.codexpool.admin.requestlogs;

import java.time.Instant;

import jakarta.ws.rs.QueryParam;

/**
 * The request-log filter as the JSON list and the CSV export read it from their query:
 * {@code accountId, apiKeyId, model, status, from, to, q}. JAX-RS fills it ({@code @BeanParam}).
 */
public class LogFilterQuery {
    @QueryParam("accountId")
    String accountId;
    @QueryParam("apiKeyId")
    String apiKeyId;
    @QueryParam("model")
    String model;
    @QueryParam("status")
    String status;
    @QueryParam("from")
    String from;
    @QueryParam("to")
    String to;
    @QueryParam("q")
    String text;

    /** The filter with the page bounds, each checked; see {@link LogListRequest#valid}. */
    LogListRequest parse(String before, String after, Instant now) {
        return LogListRequest.parse(accountId, apiKeyId, model, status, from, to, text, before, after, now);
    }
}
