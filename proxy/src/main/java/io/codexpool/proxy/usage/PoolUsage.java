package io.codexpool.proxy.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.Availability;
import io.codexpool.proxy.accounts.WindowUsage;

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
        return UsageHeaders.pool(usable());
    }

    /**
     * The pool's usage of the 5-hour ({@code weekly} false) or weekly window over these accounts, as the headers
     * report it; null without accounts.
     */
    public static PoolWindowUsage window(Collection<AccountState> accounts, boolean weekly) {
        Function<AccountState, WindowUsage> usage = weekly ? AccountState::secondary : AccountState::primary;
        return PoolWindowUsage.of(accounts,
                account -> weekly ? account.capacity().secondary() : account.capacity().primary(),
                account -> usage.apply(account) == null ? null : usage.apply(account).usedPercent(),
                account -> usage.apply(account) == null ? null : usage.apply(account).resetAt());
    }

    /** The accounts that may still take requests (limited ones too): neither paused nor deactivated. */
    public List<AccountState> usable() {
        Instant now = clock.instant();
        return pool.all().stream().filter(account -> Availability.of(account, now).inPool()).toList();
    }
}
