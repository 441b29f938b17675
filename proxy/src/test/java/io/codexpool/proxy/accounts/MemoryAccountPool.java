package io.codexpool.proxy.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.usage.UsageSource;

/**
 * The real {@link AccountPool} with its database left out: accounts live only in memory and every change the request
 * path makes (usage readings, limits, errors) is applied to their {@link AccountState} exactly as the service applies
 * it, without the write behind. For unit tests and the routing simulation, which run many thousand requests.
 */
public final class MemoryAccountPool extends AccountPool {
    private final Map<String, AccountState> accounts = new LinkedHashMap<>();
    private final Clock clock;

    public MemoryAccountPool(Clock clock) {
        super(null, null, null, clock, 1000, 100_000);
        this.clock = clock;
    }

    /** Adds an active account of {@code planType}. */
    public AccountState add(String id, String planType) {
        AccountState state = new AccountState(id);
        state.stored(id + "@example.com", "chatgpt-" + id, planType, AccountStatus.ACTIVE, null, null, null, null,
                null, System.nanoTime());
        accounts.put(id, state);
        return state;
    }

    @Override
    public Collection<AccountState> all() {
        return accounts.values();
    }

    @Override
    public Optional<AccountState> get(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    @Override
    public void recordUsage(AccountState state, WindowUsage primary, WindowUsage secondary, UsageSource source) {
        state.usage(primary, secondary);
    }

    @Override
    public void markLimited(AccountState state, AccountStatus status, Instant resetAt) {
        state.status(status, resetAt, null);
    }

    @Override
    public void markActive(AccountState state) {
        state.status(AccountStatus.ACTIVE, null, null);
    }

    @Override
    public void recordError(AccountState state, String message) {
        state.error(message, clock.instant());
    }
}
