package io.codexpool.persistence.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collections;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes {@code request_log_rollups}: adds raw request-log rows to their hourly sums in id order, recording in
 * {@code rollup_progress} how far it got, and deletes rollups past their retention.
 *
 * <p>Every step runs under the progress row's lock and moves the rollups and the progress in one transaction, so a
 * raw row is counted exactly once even when two replicas run a step at the same moment. Raw rows are read with a
 * plain consistent read and the sums written by primary key, so the proxy's inserts into {@code request_logs} never
 * wait for the job.
 */
@ApplicationScoped
public class RollupRepository {
    static final String PROGRESS = "request_logs";

    private static final String AGGREGATE = "SELECT " + String.join(", ", RollupMeasures.DIMENSIONS_FROM_RAW) + ", "
            + RollupMeasures.aggregatedRawColumns()
            + " FROM request_logs WHERE id > ? AND id <= ? GROUP BY 1, 2, 3, 4, 5";
    private static final String UPSERT = "INSERT INTO request_log_rollups (" + String.join(", ",
            RollupMeasures.DIMENSIONS) + ", " + RollupMeasures.columnNames() + ") VALUES ("
            + String.join(", ", Collections.nCopies(RollupMeasures.DIMENSIONS.size()
            + RollupMeasures.MEASURES.size(), "?")) + ") ON DUPLICATE KEY UPDATE "
            + RollupMeasures.mergeOnDuplicate();

    private final DataSource dataSource;

    @Inject
    public RollupRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * What one step did.
     *
     * @param rolledUpTo every request-log id up to this is now in the rollups
     * @param rows       raw rows added in this step
     * @param more       whether more rows are ready to be added right away
     */
    public record Step(long rolledUpTo, long rows, boolean more) {
    }

    /**
     * Adds the next ids, at most {@code chunk} of them, to the rollups.
     *
     * <p>Ids are handed out when a row is inserted but become visible when its transaction commits, so the highest
     * visible id does not prove that every lower one is visible: another replica's batch may still commit below it.
     * A step therefore only notes the highest id it sees (the candidate) and rolls up to a candidate once it was seen
     * at least {@code margin} ago, by when every transaction that had drawn a lower id has committed or rolled back.
     */
    public Step rollUpNext(Duration margin, long chunk) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Step step = rollUpNext(connection, margin, chunk);
                connection.commit();
                return step;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Step rollUpNext(Connection connection, Duration margin, long chunk) throws SQLException {
        long rolledUpTo;
        long candidate;
        boolean ripe;
        try (PreparedStatement progress = connection.prepareStatement("""
                SELECT rolled_up_to, candidate_id, candidate_seen_at <= NOW(6) - INTERVAL ? MICROSECOND
                FROM rollup_progress WHERE name = ? FOR UPDATE""")) {
            progress.setLong(1, margin.toNanos() / 1000);
            progress.setString(2, PROGRESS);
            try (ResultSet row = progress.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("rollup_progress has no row " + PROGRESS);
                }
                rolledUpTo = row.getLong(1);
                candidate = row.getObject(2) == null ? 0 : row.getLong(2);
                ripe = row.getBoolean(3);
            }
        }
        long end = rolledUpTo;
        long rows = 0;
        if (ripe && candidate > rolledUpTo) {
            end = Math.min(candidate, rolledUpTo + chunk);
            rows = addToRollups(connection, rolledUpTo, end);
        }
        // Once the candidate is used up (or there is none), the newest id becomes the next candidate.
        boolean renewCandidate = end >= candidate;
        long newest = renewCandidate ? newestId(connection) : candidate;
        try (PreparedStatement update = connection.prepareStatement(!renewCandidate
                ? "UPDATE rollup_progress SET rolled_up_to = ? WHERE name = ?"
                : newest > end
                ? "UPDATE rollup_progress SET rolled_up_to = ?, candidate_id = " + newest
                + ", candidate_seen_at = NOW(6) WHERE name = ?"
                : "UPDATE rollup_progress SET rolled_up_to = ?, candidate_id = NULL, candidate_seen_at = NULL"
                + " WHERE name = ?")) {
            update.setLong(1, end);
            update.setString(2, PROGRESS);
            update.executeUpdate();
        }
        return new Step(end, rows, ripe && end < candidate);
    }

    private static long newestId(Connection connection) throws SQLException {
        try (PreparedStatement max = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM request_logs");
             ResultSet row = max.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Sums the raw rows with ids in (after, upTo] into the rollups; returns how many there were. */
    private static long addToRollups(Connection connection, long after, long upTo) throws SQLException {
        int columns = RollupMeasures.DIMENSIONS.size() + RollupMeasures.MEASURES.size();
        long rows = 0;
        try (PreparedStatement aggregate = connection.prepareStatement(AGGREGATE);
             PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            aggregate.setLong(1, after);
            aggregate.setLong(2, upTo);
            try (ResultSet groups = aggregate.executeQuery()) {
                while (groups.next()) {
                    upsert.setObject(1, groups.getObject(1, LocalDateTime.class));
                    for (int i = 2; i <= columns; i++) {
                        upsert.setObject(i, groups.getObject(i));
                    }
                    rows += groups.getLong(RollupMeasures.DIMENSIONS.size() + 1);
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
        }
        return rows;
    }

    /** How far the rollups have read: every request-log id up to this is counted in them. */
    public long rolledUpTo() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement progress = connection.prepareStatement(
                     "SELECT rolled_up_to FROM rollup_progress WHERE name = ?")) {
            progress.setString(1, PROGRESS);
            try (ResultSet row = progress.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Deletes at most {@code batch} rollup rows of hours before {@code before}; returns how many went. */
    public int deleteBefore(Instant before, int batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM request_log_rollups WHERE hour < ? LIMIT ?")) {
            delete.setObject(1, JdbcBatch.utc(before));
            delete.setInt(2, batch);
            return delete.executeUpdate();
        }
    }
}
