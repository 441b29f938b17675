package io.codexpool.proxy.history;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.persistence.history.RollupRepository;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.proxy.support.JobLeases;
import io.codexpool.proxy.support.LeasedJob;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes raw request-log rows older than the {@code requestLogRetentionDays} setting and rollups older than
 * {@code rollupRetentionDays}, on one replica at a time, in small batches (each its own short transaction) so that
 * neither the proxy's writers nor the pages ever wait long. A raw row goes only once the rollups have counted it.
 */
@ApplicationScoped
public class HistoryRetention {
    private static final Logger LOG = Logger.getLogger(HistoryRetention.class.getName());
    static final int BATCH = 1000;
    /** A run stops after this, well inside the lease; the next run continues where it stopped. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(8);

    private final RequestLogRepository requestLogs;
    private final RollupRepository rollups;
    private final SettingsRepository settings;
    private final Clock clock;
    private final JobLeases leases;
    private final Duration every;
    private LeasedJob job;

    @Inject
    public HistoryRetention(RequestLogRepository requestLogs, RollupRepository rollups, SettingsRepository settings,
                            Clock clock, JobLeases leases,
                            @ConfigProperty(name = "codexpool.history.retention-seconds", defaultValue = "60")
                            long everySeconds) {
        this.requestLogs = requestLogs;
        this.rollups = rollups;
        this.settings = settings;
        this.clock = clock;
        this.leases = leases;
        this.every = Duration.ofSeconds(everySeconds);
    }

    void startWithTheService(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing start-up is what creates this bean
    }

    @PostConstruct
    void start() {
        job = leases.schedule("history-retention", every, this::runQuietly);
    }

    @PreDestroy
    void stop() {
        job.close();
    }

    /** What one run deleted. */
    public record Deleted(long requestLogs, long rollups) {
    }

    /** Deletes what is past retention now, for at most a few seconds. */
    public Deleted deleteExpired() throws SQLException {
        long started = System.nanoTime();
        Settings current = settings.load();
        Instant now = clock.instant();
        long rolledUpTo = rollups.rolledUpTo();
        Instant rawCutoff = now.minus(Duration.ofDays(current.getRequestLogRetentionDays()));
        long raw = 0;
        int deleted;
        do {
            deleted = requestLogs.deleteRolledUpBefore(rawCutoff, rolledUpTo, BATCH);
            raw += deleted;
        } while (deleted == BATCH && System.nanoTime() - started < RUN_BUDGET.toNanos());
        Instant rollupCutoff = now.minus(Duration.ofDays(current.getRollupRetentionDays()));
        long summed = 0;
        do {
            deleted = rollups.deleteBefore(rollupCutoff, BATCH);
            summed += deleted;
        } while (deleted == BATCH && System.nanoTime() - started < RUN_BUDGET.toNanos());
        return new Deleted(raw, summed);
    }

    private void runQuietly() {
        try {
            Deleted deleted = deleteExpired();
            if (deleted.requestLogs() > 0 || deleted.rollups() > 0) {
                LOG.info(() -> "retention deleted " + deleted.requestLogs() + " request-log rows and "
                        + deleted.rollups() + " hourly rollups");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "request-log retention failed; the next run retries", e);
        }
    }
}
