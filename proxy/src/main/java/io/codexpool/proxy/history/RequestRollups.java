package io.codexpool.proxy.history;

import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.persistence.history.RollupRepository;
import io.codexpool.persistence.history.RollupRepository.Step;
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
 * Keeps the hourly request-log rollups up to date on one replica at a time: every few seconds it adds the raw rows
 * written since its last run (see {@link RollupRepository#rollUpNext} for why rows become ready only after a safety
 * margin). Readers add the rows it has not reached yet themselves, so its lag never shows as missing requests.
 */
@ApplicationScoped
public class RequestRollups {
    private static final Logger LOG = Logger.getLogger(RequestRollups.class.getName());
    /** Ids per transaction: a few seconds of work at most, so no run holds its lock or the lease for long. */
    static final long CHUNK = 50_000;
    /** A run stops after this, well inside the lease, and the next run continues. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(8);

    private final RollupRepository rollups;
    private final JobLeases leases;
    private final Duration every;
    private final Duration margin;
    private LeasedJob job;

    @Inject
    public RequestRollups(RollupRepository rollups, JobLeases leases,
                          @ConfigProperty(name = "codexpool.history.rollup-seconds", defaultValue = "5")
                          long everySeconds,
                          @ConfigProperty(name = "codexpool.history.rollup-margin-seconds", defaultValue = "20")
                          long marginSeconds) {
        this.rollups = rollups;
        this.leases = leases;
        this.every = Duration.ofSeconds(everySeconds);
        this.margin = Duration.ofSeconds(marginSeconds);
    }

    void startWithTheService(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing start-up is what creates this bean
    }

    @PostConstruct
    void start() {
        job = leases.schedule("request-rollups", every, this::runQuietly);
    }

    @PreDestroy
    void stop() {
        job.close();
    }

    /** Adds every row that is ready, chunk by chunk, for at most a few seconds; returns how many rows it added. */
    public long catchUp() throws SQLException {
        long started = System.nanoTime();
        long rows = 0;
        Step step;
        do {
            step = rollups.rollUpNext(margin, CHUNK);
            rows += step.rows();
        } while (step.more() && System.nanoTime() - started < RUN_BUDGET.toNanos());
        return rows;
    }

    private void runQuietly() {
        try {
            long rows = catchUp();
            if (rows > 0) {
                LOG.fine(() -> "rolled up " + rows + " request-log rows");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "request-log rollup failed; the next run retries", e);
        }
    }
}
