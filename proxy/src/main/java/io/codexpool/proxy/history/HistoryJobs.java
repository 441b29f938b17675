package io.codexpool.proxy.history;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.persistence.events.EventRepository;
import io.codexpool.persistence.history.RollupRepository;
import io.codexpool.persistence.history.RollupRepository.Step;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.proxy.support.EagerBackgroundWork;
import io.codexpool.proxy.support.JobLeases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The two leased jobs that keep request history cheap to read, each on one replica at a time:
 * <ul>
 * <li>{@code request-rollups}, every few seconds: adds the raw request-log rows written since its last run to the
 * hourly rollups (see {@link RollupRepository#rollUpNext} for why a row becomes ready only after a safety margin).
 * Readers add the rows it has not reached yet themselves, so its lag never shows as missing requests.</li>
 * <li>{@code history-retention}, every minute: deletes raw rows older than the {@code requestLogRetentionDays}
 * setting (only once rolled up) and rollups older than {@code rollupRetentionDays}, in small batches, each its own
 * short transaction, so neither the proxy's writers nor the pages wait long.</li>
 * </ul>
 * Each run stops after a few seconds, well inside its lease; the next run continues where it stopped.
 */
@ApplicationScoped
public class HistoryJobs extends EagerBackgroundWork {
    private static final Logger LOG = Logger.getLogger(HistoryJobs.class.getName());
    /** Ids per rollup transaction: a few seconds of work at most, so no step holds its lock for long. */
    static final long ROLLUP_CHUNK = 50_000;
    static final int DELETE_BATCH = 1000;
    private static final Duration RUN_BUDGET = Duration.ofSeconds(8);

    private final RollupRepository rollups;
    private final RequestLogRepository requestLogs;
    private final EventRepository events;
    private final SettingsRepository settings;
    private final Clock clock;
    private final JobLeases leases;
    private final Duration rollupEvery;
    private final Duration margin;
    private final Duration retentionEvery;

    @Inject
    public HistoryJobs(RollupRepository rollups, RequestLogRepository requestLogs, EventRepository events,
                       SettingsRepository settings, Clock clock, JobLeases leases,
                       @ConfigProperty(name = "codexpool.history.rollup-seconds", defaultValue = "5")
                       long rollupSeconds,
                       @ConfigProperty(name = "codexpool.history.rollup-margin-seconds", defaultValue = "20")
                       long marginSeconds,
                       @ConfigProperty(name = "codexpool.history.retention-seconds", defaultValue = "60")
                       long retentionSeconds) {
        this.rollups = rollups;
        this.requestLogs = requestLogs;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.leases = leases;
        this.rollupEvery = Duration.ofSeconds(rollupSeconds);
        this.margin = Duration.ofSeconds(marginSeconds);
        this.retentionEvery = Duration.ofSeconds(retentionSeconds);
    }

    @Override
    protected List<AutoCloseable> startWork() {
        return List.of(leases.schedule("request-rollups", rollupEvery, () -> quietly("rollup", this::catchUp)),
                leases.schedule("history-retention", retentionEvery, () -> quietly("retention", this::deleteExpired)));
    }

    /** Adds every row that is ready to the rollups, chunk by chunk, for at most a few seconds; returns how many. */
    public long catchUp() throws SQLException {
        long started = System.nanoTime();
        long rows = 0;
        Step step;
        do {
            step = rollups.rollUpNext(margin, ROLLUP_CHUNK);
            rows += step.rows();
        } while (step.more() && withinBudget(started));
        return rows;
    }

    /** What one retention run deleted. */
    public record Deleted(long requestLogs, long rollups, long events) {
    }

    /** Deletes what is past retention now, for at most a few seconds. */
    public Deleted deleteExpired() throws SQLException {
        long started = System.nanoTime();
        Settings current = settings.load();
        Instant now = clock.instant();
        long rolledUpTo = rollups.rolledUpTo();
        Instant rawCutoff = now.minus(Duration.ofDays(current.getRequestLogRetentionDays()));
        Instant rollupCutoff = now.minus(Duration.ofDays(current.getRollupRetentionDays()));
        long raw = inBatches(started, () -> requestLogs.deleteRolledUpBefore(rawCutoff, rolledUpTo, DELETE_BATCH));
        long summed = inBatches(started, () -> rollups.deleteBefore(rollupCutoff, DELETE_BATCH));
        // the events and audit log is kept as long as the raw request log
        long logged = inBatches(started, () -> events.deleteBefore(rawCutoff, DELETE_BATCH));
        if (raw > 0 || summed > 0 || logged > 0) {
            LOG.info(() -> "retention deleted " + raw + " request-log rows, " + summed + " hourly rollups and "
                    + logged + " events");
        }
        return new Deleted(raw, summed, logged);
    }

    private interface Batch {
        int delete() throws SQLException;
    }

    /** Deletes batch after batch until one comes back short or the run's time is up; returns the total. */
    private static long inBatches(long started, Batch batch) throws SQLException {
        long total = 0;
        int deleted;
        do {
            deleted = batch.delete();
            total += deleted;
        } while (deleted == DELETE_BATCH && withinBudget(started));
        return total;
    }

    private static boolean withinBudget(long started) {
        return System.nanoTime() - started < RUN_BUDGET.toNanos();
    }

    private interface Work {
        Object run() throws SQLException;
    }

    private static void quietly(String what, Work work) {
        try {
            work.run();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "request history " + what + " failed; the next run retries", e);
        }
    }
}
