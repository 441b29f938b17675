package io.codexpool.persistence.requestlogs;

import java.math.BigDecimal;

/**
 * Sums over a set of request-log rows; {@code costUsd} counts only rows whose cost is known, {@code firstToken} only
 * rows that reached a first token.
 */
public record RequestTotals(long requests, long errors, long inputTokens, long cachedInputTokens, long outputTokens,
                            long reasoningTokens, BigDecimal costUsd, LatencyHistogram latency,
                            LatencyHistogram firstToken) {
    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** Errors per request, 0–1; 0 when there were no requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }
}
