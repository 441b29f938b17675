package io.codexpool.persistence.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;

import javax.sql.DataSource;

import io.codexpool.persistence.support.ConflictRetry;

/**
 * One statement executed for many items in one JDBC batch and one transaction: how the background writers store
 * request logs, usage samples and sticky mappings without one round trip per row. A batch aborted for a conflict (see
 * {@link ConflictRetry}) is sent again whole.
 */
public final class JdbcBatch {
    /** Sets one item's parameters. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    private JdbcBatch() {
    }

    public static <T> void execute(DataSource dataSource, String sql, Collection<T> items, Binder<T> binder)
            throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        ConflictRetry.run("batch", () -> {
            executeOnce(dataSource, sql, items, binder);
            return null;
        });
    }

    private static <T> void executeOnce(DataSource dataSource, String sql, Collection<T> items, Binder<T> binder)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (T item : items) {
                    binder.bind(statement, item);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** An instant as the UTC wall-clock value the DATETIME columns hold (see {@link InstantConverter}). */
    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
