package io.codexpool.proxy.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

import io.codexpool.persistence.jobs.JobLeaseRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Schedules periodic jobs that must run on one replica at a time: each job has a lease row in the database; the
 * replica holding it runs the job and renews it, and when that replica dies the lease expires and another takes over
 * within one lease period (plus one check). Use {@link #schedule} instead of {@link Periodic} for such jobs.
 */
@ApplicationScoped
public class JobLeases {
    private final JobLeaseRepository repository;
    private final Duration ttl;
    private final String replicaId;

    @Inject
    public JobLeases(JobLeaseRepository repository,
                     @ConfigProperty(name = "codexpool.jobs.lease-seconds", defaultValue = "30") long leaseSeconds) {
        this.repository = repository;
        this.ttl = Duration.ofSeconds(leaseSeconds);
        this.replicaId = host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString()
                .substring(0, 8);
    }

    /**
     * Runs {@code task} about every {@code every} on whichever replica holds the job's lease. Close the returned job
     * on shutdown: that also gives the lease up so another replica need not wait for it to expire.
     */
    public LeasedJob schedule(String job, Duration every, Runnable task) {
        return new LeasedJob(job, every, ttl, replicaId, repository, task);
    }

    /** This replica's name in the lease rows. */
    public String replicaId() {
        return replicaId;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
