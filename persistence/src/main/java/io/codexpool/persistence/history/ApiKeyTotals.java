package io.codexpool.persistence.history;

import java.math.BigDecimal;

/** One API key's requests, tokens (input and output) and known cost over a span of request logs. */
public record ApiKeyTotals(String apiKeyId, long requests, long tokens, BigDecimal costUsd) {
}
