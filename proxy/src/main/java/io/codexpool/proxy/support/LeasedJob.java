package io.codexpool.proxy.support;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.persistence.leases.Lease;
import io.codexpool.persistence.leases.LeaseTable;

/**
 * One periodic job guarded by a lease (see {@link JobLeases}). It checks the lease several times per lease period, so
 * a dead holder is replaced quickly, but runs the task only when the job's interval has passed since any replica last
 * ran it. While the task runs the lease is renewed at the same pace; the task is told when the lease can no longer be
 * vouched for (a renewal refused under its fence, or none succeeded within the lease period), so a run that outlasts
 * its lease never overlaps the next holder's.
 */
public final class LeasedJob implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeasedJob.class.getName());
    /** Renewals of every leased job of the process, beside their runs. */
    private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("codexpool-lease-renewal").factory());

    private final String job;
    private final Duration every;
    private final Duration ttl;
    private final Duration check;
    private final String replicaId;
    private final LeaseTable leases;
    private final Consumer<BooleanSupplier> task;
    private final Periodic ticker;
    private volatile boolean holding;
    private volatile Lease held;

    LeasedJob(String job, Duration every, Duration ttl, String replicaId, LeaseTable leases,
              Consumer<BooleanSupplier> task) {
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
        long checkedAt = System.nanoTime();
        Optional<Lease> taken = leases.acquire(job, replicaId, ttl);
        if (taken.isEmpty()) {
            if (holding) {
                LOG.info(() -> job + ": lease lost to another replica");
            }
            holding = false;
            return false;
        }
        Lease lease = taken.get();
        held = lease;
        if (!holding) {
            LOG.info(() -> job + ": replica " + replicaId + " took the lease");
            holding = true;
        }
        // Half a check of slack, so a job run just under one interval ago is not pushed back by a whole check.
        Duration due = every.minus(check.dividedBy(2));
        if (lease.sinceLastRun() != null && lease.sinceLastRun().compareTo(due) < 0) {
            return false;
        }
        Holding run = new Holding(lease, checkedAt);
        ScheduledFuture<?> renewal = RENEWALS.scheduleWithFixedDelay(run::renew, check.toMillis(), check.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            task.accept(run);
        } finally {
            renewal.cancel(false);
            if (run.getAsBoolean()) {
                leases.ran(lease);
            }
        }
        return true;
    }

    public boolean holding() {
        return holding;
    }

    @Override
    public void close() {
        ticker.close();
        Lease last = held;
        if (holding && last != null) {
            try {
                leases.release(last);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, job + ": lease not released, it will expire", e);
            }
        }
    }

    /** One run's hold on the lease: true while the last renewal (or the taking) is younger than the lease period. */
    private final class Holding implements BooleanSupplier {
        private final Lease lease;
        private volatile long confirmedAt;
        private volatile boolean lost;

        Holding(Lease lease, long confirmedAt) {
            this.lease = lease;
            this.confirmedAt = confirmedAt;
        }

        void renew() {
            long started = System.nanoTime();
            try {
                if (leases.renew(lease, ttl)) {
                    confirmedAt = started;
                } else if (!lost) {
                    lost = true;
                    holding = false;
                    LOG.warning(() -> job + ": lease taken over while running; stopping this run");
                }
            } catch (RuntimeException e) {
                LOG.warning(() -> job + ": lease not renewed (" + e.getMessage() + "); the run stops when it expires");
            }
        }

        @Override
        public boolean getAsBoolean() {
            return !lost && System.nanoTime() - confirmedAt < ttl.toNanos();
        }
    }
}
