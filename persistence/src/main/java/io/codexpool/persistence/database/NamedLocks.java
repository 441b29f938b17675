package io.codexpool.persistence.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * MariaDB named locks ({@code GET_LOCK}): one holder at a time among every replica on the database. The server frees
 * a lock whose connection dies, so a killed replica never leaves one behind.
 */
@ApplicationScoped
public class NamedLocks {
    /** MariaDB's limit on a lock name. */
    private static final int MAX_NAME_LENGTH = 64;

    private final DataSource dataSource;

    @Inject
    public NamedLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} while holding the lock {@code name}, on a connection of its own that is held for as long as
     * the work runs. When another holder keeps the lock for longer than {@code wait}, answers {@code whenBusy}
     * instead, without running the work.
     */
    public <T> T callHolding(String name, Duration wait, Supplier<T> work, Supplier<T> whenBusy) {
        try (Connection connection = dataSource.getConnection()) {
            if (!acquire(connection, name, wait)) {
                return whenBusy.get();
            }
            try {
                return work.get();
            } finally {
                release(connection, name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("named lock " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Waits up to {@code wait} for the lock; true once this connection holds it. */
    static boolean acquire(Connection connection, String name, Duration wait) throws SQLException {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("lock name over " + MAX_NAME_LENGTH + " characters: " + name);
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            statement.setString(1, name);
            statement.setLong(2, Math.max(0, wait.toSeconds()));
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getInt(1) == 1;
            }
        }
    }

    /** Pooled connections outlive the work, so the lock is given up explicitly rather than at disconnect. */
    static void release(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DO RELEASE_LOCK(?)")) {
            statement.setString(1, name);
            statement.execute();
        }
    }
}
