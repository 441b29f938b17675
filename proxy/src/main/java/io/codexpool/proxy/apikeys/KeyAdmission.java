package io.codexpool.proxy.apikeys;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicBoolean;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.proxy.metrics.KeyMetrics;

/**
 * A request let through, and the key it came with ({@link #NONE} for one without a key where keys are not required).
 * Its place under the key's concurrency cap is held until upstream's answer is complete ({@link #answered}), or the
 * request otherwise ends ({@link #finished}, which also counts the tokens and cost of the completed response).
 */
public final class KeyAdmission {
    /** A request without a key. */
    public static final KeyAdmission NONE = new KeyAdmission(null, null, null, null);

    private final KeyPolicy key;
    private final ConcurrentTurns turns;
    private final KeyUsage usage;
    private final KeyMetrics metrics;
    private final AtomicBoolean placeFreed = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();

    KeyAdmission(KeyPolicy key, ConcurrentTurns turns, KeyUsage usage, KeyMetrics metrics) {
        this.key = key;
        this.turns = turns;
        this.usage = usage;
        this.metrics = metrics;
    }

    /** The key's id, or null. */
    public String keyId() {
        return key == null ? null : key.id();
    }

    /** Whether routing may choose this account for the request: a key may be restricted to some accounts. */
    public boolean mayUseAccount(String accountId) {
        return key == null || key.mayUseAccount(accountId);
    }

    /** Whether the key restricts the accounts at all. */
    public boolean restrictsAccounts() {
        return key != null && !key.accountIds().isEmpty();
    }

    /** Upstream has answered in full: frees the request's place under the key's cap. Later calls change nothing. */
    public void answered() {
        if (key != null && placeFreed.compareAndSet(false, true)) {
            turns.finished(key.id());
        }
    }

    /**
     * The request is over: frees its place if {@link #answered} did not, and counts what the response used. Later
     * calls change nothing.
     */
    public void finished(RequestLog log) {
        if (key == null || !finished.compareAndSet(false, true)) {
            return;
        }
        answered();
        long tokens = value(log.getInputTokens()) + value(log.getOutputTokens());
        BigDecimal cost = log.getCostUsd() == null ? BigDecimal.ZERO : log.getCostUsd();
        if (tokens > 0 || cost.signum() > 0) {
            usage.add(key.id(), log.getModel(), new Amount(0, tokens, cost));
            metrics.tokens(key.id(), key.name(), tokens);
        }
    }

    private static long value(Long tokens) {
        return tokens == null ? 0 : tokens;
    }
}
