package io.codexpool.persistence.database;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

import io.codexpool.persistence.leases.Lease;
import io.codexpool.persistence.leases.LeaseTable;
import io.codexpool.persistence.support.RootCause;

import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Applies the changelog shipped by the migrations module, one replica at a time. Liquibase's own lock is a row in
 * {@code DATABASECHANGELOGLOCK}, but its table and the history table are created before that row is taken, and on a
 * Galera cluster two replicas taking it through different nodes make one fail certification with a deadlock error
 * that Liquibase does not retry. So a whole run is guarded by a lease row of our own (compare-and-set, renewed while
 * the run lasts), and Liquibase's lock is then never contended.
 */
public final class SchemaMigrator {
    public static final String CHANGELOG = "db/changelog/db.changelog-master.xml";
    private static final String LEASE = "schema-migration";
    private static final Duration LEASE_TTL = Duration.ofSeconds(30);
    private static final Duration LEASE_WAIT = Duration.ofSeconds(120);
    private static final Duration LEASE_CHECK = Duration.ofMillis(200);
    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    private SchemaMigrator() {
    }

    public static void migrate(DataSource dataSource, String maskedUrl) {
        // The machines are offline and usage reports are not ours to send.
        System.setProperty("liquibase.analytics.enabled", "false");
        LeaseTable leases;
        try {
            leases = LeaseTable.forSchemaMigration(dataSource);
        } catch (IllegalStateException e) {
            throw new DatabaseStartupException("Cannot connect to the database at " + maskedUrl + ": "
                    + RootCause.message(e), e);
        }
        Lease lease = awaitLease(leases, maskedUrl);
        ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("codexpool-migration-lease").factory());
        renewal.scheduleWithFixedDelay(() -> renew(leases, lease), LEASE_TTL.toMillis() / 3,
                LEASE_TTL.toMillis() / 3, TimeUnit.MILLISECONDS);
        try (Connection connection = dataSource.getConnection()) {
            long before = appliedChangesets(connection);
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Map<String, Object> scope = Map.of(
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(
                            SchemaMigrator.class.getClassLoader()));
            Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                    .setOutput(OutputStream.nullOutputStream())
                    .execute());
            long applied = appliedChangesets(connection) - before;
            if (applied > 0) {
                LOG.info(() -> "Applied " + applied + " schema changesets on " + maskedUrl);
            }
            LOG.info(() -> "Database schema is current on " + maskedUrl);
        } catch (SQLException e) {
            throw new DatabaseStartupException("Cannot connect to the database at " + maskedUrl + ": "
                    + e.getMessage(), e);
        } catch (Exception e) {
            throw new DatabaseStartupException("Database migration failed on " + maskedUrl + ": "
                    + RootCause.message(e), e);
        } finally {
            renewal.shutdownNow();
            releaseQuietly(leases, lease);
        }
    }

    private static Lease awaitLease(LeaseTable leases, String maskedUrl) {
        String holder = LeaseTable.newHolderName();
        Instant deadline = Instant.now().plus(LEASE_WAIT);
        while (true) {
            Optional<Lease> lease;
            try {
                lease = leases.acquire(LEASE, holder, LEASE_TTL);
            } catch (IllegalStateException e) {
                throw new DatabaseStartupException("Cannot connect to the database at " + maskedUrl + ": "
                        + RootCause.message(e), e);
            }
            if (lease.isPresent()) {
                return lease.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DatabaseStartupException("Another replica held the schema migration lease on " + maskedUrl
                        + " for over " + LEASE_WAIT.toSeconds() + " s", null);
            }
            LockSupport.parkNanos(LEASE_CHECK.toNanos()); // another replica is migrating: check again shortly
        }
    }

    private static void renew(LeaseTable leases, Lease lease) {
        try {
            if (!leases.renew(lease, LEASE_TTL)) {
                LOG.warning("schema migration lease lost while migrating; another replica may start migrating");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "schema migration lease not renewed: " + e.getMessage(), e);
        }
    }

    private static void releaseQuietly(LeaseTable leases, Lease lease) {
        try {
            leases.release(lease);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "schema migration lease not released; it expires by itself", e);
        }
    }

    /** Rows in Liquibase's history table, 0 before it exists. */
    private static long appliedChangesets(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                     + " WHERE table_schema = DATABASE() AND table_name = 'DATABASECHANGELOG'")) {
            tables.next();
            if (tables.getLong(1) == 0) {
                return 0;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM DATABASECHANGELOG")) {
            count.next();
            return count.getLong(1);
        }
    }

}
