package io.codexpool.proxy.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.Availability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The forecasts routing steers by, for pages and the admin API: from memory, as of now. */
@ApplicationScoped
public class Forecasts {
    private final AccountPool pool;
    private final Clock clock;

    @Inject
    public Forecasts(AccountPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Optional<AccountForecast> account(String id) {
        Instant now = clock.instant();
        return pool.get(id).map(account -> AccountForecast.of(account, now));
    }

    /** Over the accounts that may still take requests: limited ones count, paused and deactivated ones do not. */
    public PoolForecast pool() {
        Instant now = clock.instant();
        return PoolForecast.of(pool.all().stream().filter(account -> Availability.of(account, now).inPool())
                .toList(), now);
    }
}
