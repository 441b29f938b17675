package io.codexpool.persistence.leases;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.codexpool.persistence.support.ConflictRetry;

/**
 * Leases kept as rows ({@code name, holder, expires_at, fence, last_run_at}) and changed only by compare-and-set
 * updates, each one short statement on a connection given back at once. Unlike {@code GET_LOCK} (local to one Galera
 * node, and holding a pooled connection for as long as the work runs) this works across every node of a cluster:
 * two nodes taking the same free lease at once both update it locally, and certification lets exactly one commit; the
 * other is retried and then sees the lease held. Times come from the database's clock in UTC, so replicas with skewed
 * clocks or zones agree.
 */
public class LeaseTable {
    private final DataSource dataSource;
    private final String table;

    LeaseTable(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    /**
     * The lease that lets one replica at a time migrate the schema. Its table cannot come from a changeset, as it
     * guards the changesets: it is created here when missing ({@code IF NOT EXISTS} is safe when replicas race, and
     * on Galera DDL runs in the same order on every node).
     */
    public static LeaseTable forSchemaMigration(DataSource dataSource) {
        LeaseTable table = new LeaseTable(dataSource, "schema_migration_lease");
        table.createIfMissing();
        return table;
    }

    /** A name for this process in lease rows: host, process id and a random part (several replicas per host). */
    public static String newHolderName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Takes the lease for {@code ttl} when it is free, expired or already {@code holder}'s (then it is renewed and
     * keeps its fence).
     */
    public Optional<Lease> acquire(String name, String holder, Duration ttl) {
        return sql("acquire lease " + name, connection -> {
            int taken = update(connection, "UPDATE " + table + " " + """
                     SET fence = IF(holder <=> ? AND expires_at >= UTC_TIMESTAMP(6), fence, fence + 1),
                         holder = ?, expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND
                     WHERE name = ? AND (holder <=> ? OR holder IS NULL OR expires_at < UTC_TIMESTAMP(6))""",
                    holder, holder, micros(ttl), name, holder);
            if (taken == 0) {
                // Either held by another or not there yet; a concurrent first insert loses on the primary key.
                taken = update(connection, "INSERT IGNORE INTO " + table + " " + """
                         (name, holder, expires_at, fence)
                         VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND, 1)""",
                        name, holder, micros(ttl));
            }
            if (taken == 0) {
                return Optional.empty();
            }
            try (PreparedStatement read = connection.prepareStatement("SELECT fence, "
                    + "TIMESTAMPDIFF(MICROSECOND, last_run_at, UTC_TIMESTAMP(6)) FROM " + table
                    + " WHERE name = ? AND holder = ?")) {
                read.setString(1, name);
                read.setString(2, holder);
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    long sinceMicros = row.getLong(2);
                    Duration sinceLastRun = row.wasNull() ? null : Duration.ofNanos(sinceMicros * 1000);
                    return Optional.of(new Lease(name, holder, row.getLong(1), sinceLastRun));
                }
            }
        });
    }

    /** Extends a lease still held under the same fence; false when it was lost meanwhile. */
    public boolean renew(Lease lease, Duration ttl) {
        return sql("renew lease " + lease.name(), connection -> update(connection, "UPDATE " + table
                        + " SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND"
                        + " WHERE name = ? AND holder = ? AND fence = ?",
                micros(ttl), lease.name(), lease.holder(), lease.fence()) == 1);
    }

    /** Notes that the leased job just ran, if the lease is still held under the same fence. */
    public boolean ran(Lease lease) {
        return sql("note run of " + lease.name(), connection -> update(connection, "UPDATE " + table
                        + " SET last_run_at = UTC_TIMESTAMP(6) WHERE name = ? AND holder = ? AND fence = ?",
                lease.name(), lease.holder(), lease.fence()) == 1);
    }

    /** Gives the lease up at once, so the next holder need not wait for it to expire. */
    public void release(Lease lease) {
        sql("release lease " + lease.name(), connection -> update(connection, "UPDATE " + table
                        + " SET holder = NULL, expires_at = UTC_TIMESTAMP(6)"
                        + " WHERE name = ? AND holder = ? AND fence = ?",
                lease.name(), lease.holder(), lease.fence()));
    }

    /** The holder of the unexpired lease, or null. */
    public String holder(String name) {
        return sql("read lease " + name, connection -> {
            try (PreparedStatement read = connection.prepareStatement("SELECT holder FROM " + table
                    + " WHERE name = ? AND expires_at >= UTC_TIMESTAMP(6)")) {
                read.setString(1, name);
                try (ResultSet row = read.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
    }

    /** Creates the table when missing (for the lease that guards the schema migration itself). */
    void createIfMissing() {
        sql("create " + table, connection -> update(connection, "CREATE TABLE IF NOT EXISTS " + table + " " + """
                 (name VARCHAR(100) NOT NULL PRIMARY KEY,
                  holder VARCHAR(128) NULL,
                  expires_at DATETIME(6) NOT NULL,
                  fence BIGINT NOT NULL DEFAULT 0,
                  last_run_at DATETIME(6) NULL)
                 ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"""));
    }

    private interface Statements<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T sql(String what, Statements<T> work) {
        try {
            return ConflictRetry.run(what, () -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(true);
                    return work.run(connection);
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1000;
    }
}
