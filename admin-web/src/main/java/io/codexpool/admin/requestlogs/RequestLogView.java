package io.codexpool.admin.requestlogs;

import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.persistence.requestlogs.RequestLog;

/** A request-log row as JSON: every recorded field, camelCase. */
public final class RequestLogView {
    private RequestLogView() {
    }

    public static Map<String, Object> json(RequestLog log) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", log.getId());
        json.put("requestId", log.getRequestId());
        json.put("requestedAt", log.getRequestedAt() == null ? null : log.getRequestedAt().toString());
        json.put("accountId", log.getAccountId());
        json.put("accountEmail", log.getAccountEmail());
        json.put("apiKeyId", log.getApiKeyId());
        json.put("route", log.getRoute());
        json.put("model", log.getModel());
        json.put("transport", log.getTransport());
        json.put("reasoningEffort", log.getReasoningEffort());
        json.put("serviceTier", log.getServiceTier());
        json.put("inputTokens", log.getInputTokens());
        json.put("cachedInputTokens", log.getCachedInputTokens());
        json.put("outputTokens", log.getOutputTokens());
        json.put("reasoningTokens", log.getReasoningTokens());
        json.put("latencyMs", log.getLatencyMs());
        json.put("firstTokenMs", log.getFirstTokenMs());
        json.put("statusCode", log.getStatusCode());
        json.put("status", log.getStatus());
        json.put("errorCode", log.getErrorCode());
        json.put("errorMessage", log.getErrorMessage());
        json.put("chainReplay", log.getChainReplay());
        json.put("costUsd", log.getCostUsd());
        return json;
    }
}
