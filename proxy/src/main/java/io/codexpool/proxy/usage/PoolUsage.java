package io.codexpool.proxy.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.Availability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The pool's usage as Codex clients read it from reply headers ({@code x-codex-primary-*}, {@code x-codex-secondary-*}):
 * over every account that may still take requests; limited ones count, their usage is the pool's too.
 */
@ApplicationScoped
public class PoolUsage {
    private final AccountPool pool;
    private final Clock clock;

    @Inject
    public PoolUsage(AccountPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Map<String, String> headers() {
        Instant now = clock.instant();
        return UsageHeaders.pool(pool.all().stream().filter(account -> Availability.of(account, now).inPool())
                .toList());
    }
}
