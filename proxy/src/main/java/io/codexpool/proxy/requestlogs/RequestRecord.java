package io.codexpool.proxy.requestlogs;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.proxy.accounts.AccountState;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one proxied request did, filled in as it goes and turned into exactly one request-log row at the end.
 */
public final class RequestRecord {
    private final String requestId;
    private final String route;
    private final Instant startedAt;
    private final long startedNanos = System.nanoTime();
    private String model;
    private String reasoningEffort;
    private String serviceTier;
    private String transport = "http";
    private AccountState account;
    private String apiKeyId;
    private long firstTokenNanos;
    private Long inputTokens;
    private Long cachedTokens;
    private Long outputTokens;
    private Long reasoningTokens;
    private String errorCode;
    private String errorMessage;
    private String chainReplay;
    private boolean finished;
    private boolean streaming;

    public RequestRecord(String requestId, String route, Instant startedAt) {
        this.requestId = requestId;
        this.route = route;
        this.startedAt = startedAt;
    }

    public String requestId() {
        return requestId;
    }

    public String route() {
        return route;
    }

    public String model() {
        return model;
    }

    public String transport() {
        return transport;
    }

    public AccountState account() {
        return account;
    }

    /** The id of the API key that let the request through; null without one. */
    public void apiKey(String keyId) {
        this.apiKeyId = keyId;
    }

    public void request(JsonNode body) {
        this.model = text(body.get("model"));
        this.reasoningEffort = text(body.path("reasoning").get("effort"));
        this.serviceTier = text(body.get("service_tier"));
    }

    public void transport(String transport) {
        this.transport = transport;
    }

    public void account(AccountState account) {
        this.account = account;
    }

    /** The upstream stream passed its first event: the answer streams from here until the request finishes. */
    public void streamOpened() {
        streaming = true;
    }

    public boolean streaming() {
        return streaming;
    }

    /** Notes the first output the client receives; later calls change nothing. */
    public void firstToken() {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
    }

    public long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    public Long firstTokenMillis() {
        return firstTokenNanos == 0 ? null : TimeUnit.NANOSECONDS.toMillis(firstTokenNanos - startedNanos);
    }

    /** Reads {@code usage} of a Responses object. */
    public void usage(JsonNode usage) {
        if (usage == null || usage.isMissingNode() || usage.isNull()) {
            return;
        }
        inputTokens = number(usage.get("input_tokens"));
        cachedTokens = number(usage.path("input_tokens_details").get("cached_tokens"));
        outputTokens = number(usage.get("output_tokens"));
        reasoningTokens = number(usage.path("output_tokens_details").get("reasoning_tokens"));
    }

    public void error(String code, String message) {
        this.errorCode = code;
        this.errorMessage = message;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Why the turn went up as a replay of its conversation chain (null: it did not). */
    public void chainReplay(String reason) {
        this.chainReplay = reason;
    }

    /** The row for this request; only the first call counts, so a request is never logged twice. */
    public RequestLog finish(int statusCode) {
        if (finished) {
            return null;
        }
        finished = true;
        // a row with an error message is never a success: the request-log search relies on it to skip success rows
        boolean success = statusCode < 400 && errorCode == null && errorMessage == null;
        return new RequestLog()
                .setRequestId(requestId)
                .setRequestedAt(startedAt)
                .setAccountId(account == null ? null : account.id())
                .setAccountEmail(account == null ? null : account.email())
                .setApiKeyId(apiKeyId)
                .setRoute(route)
                .setModel(model)
                .setTransport(transport)
                .setReasoningEffort(reasoningEffort)
                .setServiceTier(serviceTier)
                .setInputTokens(inputTokens)
                .setCachedInputTokens(cachedTokens)
                .setOutputTokens(outputTokens)
                .setReasoningTokens(reasoningTokens)
                .setLatencyMs(elapsedMillis())
                .setFirstTokenMs(firstTokenMillis())
                .setStatusCode(statusCode)
                .setStatus(success ? "success" : "error")
                .setErrorCode(errorCode)
                .setErrorMessage(errorMessage)
                .setChainReplay(chainReplay)
                .setCostUsd(inputTokens == null ? null : PriceTable.cost(model, serviceTier, inputTokens,
                        cachedTokens == null ? 0 : cachedTokens, outputTokens == null ? 0 : outputTokens));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private static Long number(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.asLong();
    }
}
