package io.codexpool.proxy.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.codexpool.persistence.leases.LeaseRepository;
import io.codexpool.persistence.leases.LeaseTable;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Schedules periodic jobs that must run on one replica at a time: each job has a lease row in the database; the
 * replica holding it runs the job and renews it (also while a run lasts), and when that replica dies the lease expires
 * and another takes over within one lease period (plus one check). Use {@link #schedule} instead of {@link Periodic}
 * for such jobs.
 */
@ApplicationScoped
public class JobLeases {
    private final LeaseRepository repository;
    private final Duration ttl;
    private final String replicaId;

    @Inject
    public JobLeases(LeaseRepository repository,
                     @ConfigProperty(name = "codexpool.jobs.lease-seconds", defaultValue = "30") long leaseSeconds) {
        this(repository, Duration.ofSeconds(leaseSeconds));
    }

    public JobLeases(LeaseRepository repository, Duration ttl) {
        this.repository = repository;
        this.ttl = ttl;
        this.replicaId = LeaseTable.newHolderName();
    }

    /**
     * Runs {@code task} about every {@code every} on whichever replica holds the job's lease. Close the returned job
     * on shutdown: that also gives the lease up so another replica need not wait for it to expire.
     */
    public LeasedJob schedule(String job, Duration every, Runnable task) {
        return schedule(job, every, held -> task.run());
    }

    /**
     * As {@link #schedule(String, Duration, Runnable)} for a long task: it is handed a check that turns false once
     * this replica can no longer be sure it holds the lease (a renewal failed or found it taken), and stops then.
     */
    public LeasedJob schedule(String job, Duration every, Consumer<BooleanSupplier> task) {
        return new LeasedJob(job, every, ttl, replicaId, repository, task);
    }

    /** This replica's name in the lease rows. */
    public String replicaId() {
        return replicaId;
    }
}
