package io.codexpool.persistence.jobs;

import java.time.Duration;
import java.util.List;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code job_leases} rows that let one replica at a time run each periodic job. Every time comparison uses the
 * database's clock, so replicas whose clocks disagree still agree on who holds a lease.
 */
@ApplicationScoped
public class JobLeaseRepository {
    private final Jpa jpa;

    @Inject
    public JobLeaseRepository(Jpa jpa) {
        this.jpa = jpa;
    }

    /**
     * Takes or renews the lease for {@code ttl} when it is free, expired or already {@code holder}'s.
     *
     * @return whether {@code holder} now holds it, and how long ago the job last ran (null: never)
     */
    public LeaseState acquire(String job, String holder, Duration ttl) {
        // The row is created in a transaction of its own: INSERT IGNORE on an existing row takes a shared lock,
        // and two replicas each holding one while waiting for FOR UPDATE deadlock.
        jpa.run(em -> em.createNativeQuery(
                        "INSERT IGNORE INTO job_leases (name, holder, expires_at) VALUES (?1, NULL, NOW(6))")
                .setParameter(1, job)
                .executeUpdate());
        return jpa.transaction(em -> {
            Object[] row = (Object[]) em.createNativeQuery("""
                            SELECT holder, expires_at < NOW(6), TIMESTAMPDIFF(MICROSECOND, last_run_at, NOW(6))
                            FROM job_leases WHERE name = ?1 FOR UPDATE""")
                    .setParameter(1, job)
                    .getSingleResult();
            boolean expired = ((Number) row[1]).intValue() != 0;
            if (!holder.equals(row[0]) && !expired) {
                return new LeaseState(false, null);
            }
            em.createNativeQuery("""
                            UPDATE job_leases SET holder = ?2, expires_at = NOW(6) + INTERVAL ?3 MICROSECOND
                            WHERE name = ?1""")
                    .setParameter(1, job)
                    .setParameter(2, holder)
                    .setParameter(3, ttl.toNanos() / 1000)
                    .executeUpdate();
            Duration sinceLastRun = row[2] == null ? null : Duration.ofNanos(((Number) row[2]).longValue() * 1000);
            return new LeaseState(true, sinceLastRun);
        });
    }

    /** Notes that the job just ran, if {@code holder} still holds the lease. */
    public void ran(String job, String holder) {
        jpa.run(em -> em.createNativeQuery("UPDATE job_leases SET last_run_at = NOW(6) WHERE name = ?1 AND holder = ?2")
                .setParameter(1, job)
                .setParameter(2, holder)
                .executeUpdate());
    }

    /** Gives the lease up at once (clean shutdown), so another replica need not wait for it to expire. */
    public void release(String job, String holder) {
        jpa.run(em -> em.createNativeQuery(
                        "UPDATE job_leases SET holder = NULL, expires_at = NOW(6) WHERE name = ?1 AND holder = ?2")
                .setParameter(1, job)
                .setParameter(2, holder)
                .executeUpdate());
    }

    /** The replica holding the job's unexpired lease, or null. */
    public String holder(String job) {
        List<?> holders = jpa.read(em -> em.createNativeQuery(
                        "SELECT holder FROM job_leases WHERE name = ?1 AND expires_at >= NOW(6)")
                .setParameter(1, job)
                .getResultList());
        return holders.isEmpty() || holders.getFirst() == null ? null : holders.getFirst().toString();
    }

    /**
     * @param held         whether the asking replica holds the lease now
     * @param sinceLastRun how long ago any holder last ran the job; null when it never ran or the lease is not held
     */
    public record LeaseState(boolean held, Duration sinceLastRun) {
    }
}
