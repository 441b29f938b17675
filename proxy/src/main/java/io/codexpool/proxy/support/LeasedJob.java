package io.codexpool.proxy.support;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.persistence.jobs.JobLeaseRepository;
import io.codexpool.persistence.jobs.JobLeaseRepository.LeaseState;

/**
 * One periodic job guarded by a lease (see {@link JobLeases}). It checks the lease several times per lease period, so
 * a dead holder is replaced quickly, but runs the task only when the job's interval has passed since any replica last
 * ran it.
 */
public final class LeasedJob implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeasedJob.class.getName());

    private final String job;
    private final Duration every;
    private final Duration ttl;
    private final Duration check;
    private final String replicaId;
    private final JobLeaseRepository leases;
    private final Runnable task;
    private final Periodic ticker;
    private volatile boolean holding;

    LeasedJob(String job, Duration every, Duration ttl, String replicaId, JobLeaseRepository leases, Runnable task) {
        this.job = job;
        this.every = every;
        this.ttl = ttl;
        // Renew well before expiry; a job shorter than that is checked at its own interval.
        Duration third = ttl.dividedBy(3);
        this.check = every.compareTo(third) < 0 ? every : third;
        this.replicaId = replicaId;
        this.leases = leases;
        this.task = task;
        this.ticker = new Periodic(job, check, this::runIfDue);
    }

    /** Takes or renews the lease and, when held and the interval has passed, runs the task. True when it ran. */
    public boolean runIfDue() {
        LeaseState lease = leases.acquire(job, replicaId, ttl);
        if (!lease.held()) {
            if (holding) {
                LOG.info(() -> job + ": lease lost to another replica");
            }
            holding = false;
            return false;
        }
        if (!holding) {
            LOG.info(() -> job + ": replica " + replicaId + " took the lease");
            holding = true;
        }
        // Half a check of slack, so a job run just under one interval ago is not pushed back by a whole check.
        Duration due = every.minus(check.dividedBy(2));
        if (lease.sinceLastRun() != null && lease.sinceLastRun().compareTo(due) < 0) {
            return false;
        }
        try {
            task.run();
        } finally {
            leases.ran(job, replicaId);
        }
        return true;
    }

    public boolean holding() {
        return holding;
    }

    @Override
    public void close() {
        ticker.close();
        if (holding) {
            try {
                leases.release(job, replicaId);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, job + ": lease not released, it will expire", e);
            }
        }
    }
}
