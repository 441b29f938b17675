package io.codexpool.proxy.pipeline;

import java.time.Clock;
import java.util.function.UnaryOperator;

import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.usage.RateLimitsEvent;
import io.codexpool.proxy.usage.UsageHeaders;
import io.codexpool.proxy.usage.UsageWindows;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Learns an account's usage from what upstream says while serving it: the {@code x-codex-*} headers of every reply
 * (refusals too) and the {@code codex.rate_limits} events a WebSocket sends instead. Each is a fresh sample.
 */
@ApplicationScoped
public class UsageLearning {
    private final AccountPool pool;
    private final Clock clock;

    @Inject
    public UsageLearning(AccountPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    void fromHeaders(AccountState account, UnaryOperator<String> headers) {
        record(account, UsageHeaders.read(headers::apply, clock.instant()));
    }

    void fromEvent(AccountState account, JsonNode rateLimits) {
        record(account, RateLimitsEvent.read(rateLimits, clock.instant()));
    }

    private void record(AccountState account, UsageWindows windows) {
        if (!windows.isEmpty()) {
            pool.recordUsage(account, windows.primary(), windows.secondary(), UsageSource.HEADER);
        }
    }
}
