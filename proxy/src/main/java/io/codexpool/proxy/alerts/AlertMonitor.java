package io.codexpool.proxy.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.codexpool.persistence.webhooks.AlertOutbox;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.support.JobLeases;
import io.codexpool.proxy.support.EagerBackgroundWork;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Watches the pool for the account and pool alerts every few seconds, on one replica at a time (a leased job): it
 * raises each condition that holds and is not active yet, and clears each active one that no longer holds. The pool's
 * memory mirrors the database within a second, so whichever replica holds the lease sees the same conditions.
 */
@ApplicationScoped
public class AlertMonitor extends EagerBackgroundWork {
    private final AccountPool pool;
    private final SettingsCache settings;
    private final AlertOutbox outbox;
    private final Alerting alerting;
    private final JobLeases leases;
    private final Clock clock;
    private final Duration every;

    @Inject
    public AlertMonitor(AccountPool pool, SettingsCache settings, AlertOutbox outbox, Alerting alerting,
                        JobLeases leases, Clock clock,
                        @ConfigProperty(name = "codexpool.alerts.check-millis", defaultValue = "2000")
                        long checkMillis) {
        this.pool = pool;
        this.settings = settings;
        this.outbox = outbox;
        this.alerting = alerting;
        this.leases = leases;
        this.clock = clock;
        this.every = Duration.ofMillis(checkMillis);
    }

    @Override
    protected List<AutoCloseable> startWork() {
        return List.of(leases.schedule("alerts", every, this::check));
    }

    /** One look at the pool. */
    public void check() {
        Instant now = clock.instant();
        List<Alert> holding = AlertConditions.of(pool.all(), settings.current().poolLowPercent(), now);
        Set<String> active = outbox.activeAlerts();
        for (Alert alert : holding) {
            if (!active.contains(alert.key())) {
                alerting.raise(alert, now);
            }
        }
        Set<String> holdingKeys = holding.stream().map(Alert::key).collect(Collectors.toSet());
        for (String key : active) {
            if (!holdingKeys.contains(key) && !RequestLogDropWatch.owns(key)) {
                alerting.clear(key, now);
            }
        }
    }
}
