package io.codexpool.proxy.metrics;

/** Why a sticky mapping moved to another account. */
public enum RebindReason {
    ACCOUNT_GONE, ACCOUNT_PAUSED, ACCOUNT_DEACTIVATED, FAILOVER, LIMITED, BUDGET, EXPIRED, DEPLETION
}
