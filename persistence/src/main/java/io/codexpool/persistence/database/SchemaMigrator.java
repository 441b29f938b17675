package io.codexpool.persistence.database;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

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
 * Applies the changelog shipped by the migrations module; Liquibase's lock table keeps concurrent replicas apart.
 */
public final class SchemaMigrator {
    public static final String CHANGELOG = "db/changelog/db.changelog-master.xml";
    private static final String LOCK = "codexpool_schema_migration";
    private static final Duration LOCK_WAIT = Duration.ofSeconds(120);
    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    private SchemaMigrator() {
    }

    public static void migrate(DataSource dataSource, String maskedUrl) {
        // The machines are offline and usage reports are not ours to send.
        System.setProperty("liquibase.analytics.enabled", "false");
        try (Connection connection = dataSource.getConnection()) {
            // Liquibase's own lock table is itself created without a lock, and a replica that waited on it may still
            // try to create the history table the winner just made; a server-side named lock serialises whole runs.
            holdMigrationLock(connection, maskedUrl);
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
            NamedLocks.release(connection, LOCK);
            LOG.info(() -> "Database schema is current on " + maskedUrl);
        } catch (SQLException e) {
            throw new DatabaseStartupException("Cannot connect to the database at " + maskedUrl + ": "
                    + e.getMessage(), e);
        } catch (Exception e) {
            throw new DatabaseStartupException("Database migration failed on " + maskedUrl + ": "
                    + RootCause.message(e), e);
        }
    }

    private static void holdMigrationLock(Connection connection, String maskedUrl) throws SQLException {
        if (!NamedLocks.acquire(connection, LOCK, LOCK_WAIT)) {
            throw new DatabaseStartupException("Another replica held the schema migration lock on " + maskedUrl
                    + " for over " + LOCK_WAIT.toSeconds() + " s", null);
        }
    }

}
