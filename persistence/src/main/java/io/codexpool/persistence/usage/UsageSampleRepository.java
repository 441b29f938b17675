package io.codexpool.persistence.usage;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;
import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class UsageSampleRepository {
    /** Rows deleted per transaction when pruning. */
    private static final int DELETE_CHUNK = 1000;
    private static final String INSERT = """
            INSERT INTO usage_samples (account_id, usage_window, used_percent, window_minutes, reset_at, recorded_at,
                                       source)
            SELECT a.id, ?, ?, ?, ?, ?, ? FROM accounts a WHERE a.id = ?
            """;

    private final Jpa jpa;
    private final DataSource dataSource;

    @Inject
    public UsageSampleRepository(Jpa jpa, DataSource dataSource) {
        this.jpa = jpa;
        this.dataSource = dataSource;
    }

    /**
     * Inserts samples in one batch. A sample of an account deleted meanwhile is skipped rather than failing the
     * batch: readings arrive asynchronously, after the reply that carried them.
     */
    public void saveAll(Collection<UsageSample> samples) throws SQLException {
        JdbcBatch.execute(dataSource, INSERT, samples, (insert, sample) -> {
            insert.setString(1, sample.getWindow().wireName());
            insert.setDouble(2, sample.getUsedPercent());
            insert.setObject(3, sample.getWindowMinutes(), Types.INTEGER);
            insert.setObject(4, JdbcBatch.utc(sample.getResetAt()));
            insert.setObject(5, JdbcBatch.utc(sample.getRecordedAt()));
            insert.setString(6, sample.getSource().wireName());
            insert.setString(7, sample.getAccountId());
        });
    }

    /**
     * The newest sample of each account and window: what routing starts from after a restart, read by every replica
     * every second. Grouped first, so the index on (account, window, time) answers it without reading the table.
     */
    @SuppressWarnings("unchecked")
    public List<UsageSample> findLatestPerAccountAndWindow() {
        return jpa.read(em -> ((List<UsageSample>) em.createNativeQuery("""
                        SELECT s.* FROM usage_samples s
                        JOIN (SELECT account_id, usage_window, MAX(recorded_at) AS recorded_at
                              FROM usage_samples GROUP BY account_id, usage_window) latest
                          ON s.account_id = latest.account_id AND s.usage_window = latest.usage_window
                             AND s.recorded_at = latest.recorded_at
                        ORDER BY s.id DESC
                        """, UsageSample.class)
                .getResultList()).stream()
                .filter(onePerWindow())
                .toList());
    }

    private static Predicate<UsageSample> onePerWindow() {
        Set<String> seen = new HashSet<>();
        return sample -> seen.add(sample.getAccountId() + "/" + sample.getWindow().wireName());
    }

    public List<UsageSample> findForAccountSince(String accountId, Instant since) {
        return jpa.read(em -> em.createQuery("""
                        select s from UsageSample s where s.accountId = :account and s.recordedAt >= :since
                        order by s.recordedAt
                        """, UsageSample.class)
                .setParameter("account", accountId)
                .setParameter("since", since)
                .getResultList());
    }

    /**
     * Deletes samples older than {@code cutoff}, {@value #DELETE_CHUNK} rows per transaction: after a long pause the
     * backlog can be large, and on a Galera cluster one huge transaction is replicated (and certified) as one piece.
     */
    public int deleteRecordedBefore(Instant cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jpa.transaction(em -> em.createNativeQuery(
                            "DELETE FROM usage_samples WHERE recorded_at < ?1 LIMIT " + DELETE_CHUNK)
                    .setParameter(1, JdbcBatch.utc(cutoff))
                    .executeUpdate());
            total += deleted;
        } while (deleted == DELETE_CHUNK);
        return total;
    }
}
