package io.codexpool.proxy.apikeys;

import java.time.Instant;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request its key does not let through, with what the client is told: the status and the OpenAI-shaped error's
 * {@code type}, {@code code} and {@code param}; for a full limit, when it resets; for the concurrency cap, how soon
 * to retry. The message never holds the secret.
 */
public final class KeyRefused extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Instant resetsAt;
    private final Long retryAfterSeconds;

    private KeyRefused(int status, String type, String code, String param, String message, Instant resetsAt,
                       Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.resetsAt = resetsAt;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static KeyRefused invalidKey(String message) {
        return new KeyRefused(401, "invalid_request_error", "invalid_api_key", null, message, null, null);
    }

    static KeyRefused modelNotAllowed(String model) {
        return new KeyRefused(403, "invalid_request_error", "model_not_allowed", "model",
                "This API key may not use model '" + model + "'.", null, null);
    }

    static KeyRefused limitReached(RuleUsage usage) {
        return new KeyRefused(429, "usage_limit_reached", "usage_limit_reached", null,
                "This API key's limit of " + usage.rule().describe() + " is reached (used "
                        + usage.used().stripTrailingZeros().toPlainString() + "); it resets at " + usage.resetsAt()
                        + ".", usage.resetsAt(), null);
    }

    static KeyRefused tooManyConcurrent(int max) {
        return new KeyRefused(429, "rate_limit_error", "too_many_concurrent_requests", null,
                "This API key may run " + max + " turns at once; retry when one has finished.", null, 1L);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    /** When the full limit resets; null unless the limit is reached. */
    public Instant resetsAt() {
        return resetsAt;
    }

    /**
     * The OpenAI-shaped {@code error} object: message, type, code, param, and for a full limit {@code resets_at}
     * and {@code resets_in_seconds}, which Codex clients read to tell their user when to come back.
     */
    public ObjectNode error(Instant now) {
        ObjectNode error = Json.object().put("message", getMessage()).put("type", type).put("code", code);
        error.put("param", param);
        if (resetsAt != null) {
            error.put("resets_at", resetsAt.getEpochSecond())
                    .put("resets_in_seconds", Math.max(0, resetsAt.getEpochSecond() - now.getEpochSecond()));
        }
        return error;
    }

    /** Seconds for {@code Retry-After}; null when the header does not apply. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
