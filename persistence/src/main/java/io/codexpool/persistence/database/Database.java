package io.codexpool.persistence.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

import io.codexpool.persistence.support.RootCause;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

/**
 * The running database: the embedded server when one was needed, the connection pool, and a migrated schema.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    private static final String EMBEDDED_SCHEMA = "codexpool";

    private final EmbeddedMariaDb embedded;
    private final HikariDataSource dataSource;
    private final String maskedUrl;

    private Database(EmbeddedMariaDb embedded, HikariDataSource dataSource, String maskedUrl) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.maskedUrl = maskedUrl;
    }

    /** Connects (starting the embedded server if no URL is set), migrates, and returns the ready database. */
    public static Database open(DatabaseSettings settings) {
        EmbeddedMariaDb embedded = null;
        String url;
        String user = settings.user();
        String password = settings.password();
        if (settings.embedded()) {
            embedded = EmbeddedMariaDb.start(settings.dataDir().resolve("mariadb"), settings.embeddedPort(), true);
            url = embedded.createDatabase(EMBEDDED_SCHEMA);
            user = "root";
            password = "";
        } else {
            url = settings.url().orElseThrow();
        }
        String maskedUrl = DatabaseSettings.maskedUrl(url);
        HikariDataSource dataSource = null;
        try {
            dataSource = pool(url, user, password, settings.poolSize(), settings.connectTimeout(), maskedUrl);
            SchemaMigrator.migrate(dataSource, maskedUrl);
            return new Database(embedded, dataSource, maskedUrl);
        } catch (RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String maskedUrl() {
        return maskedUrl;
    }

    /** True when a connection can be had and answers within the timeout. */
    public boolean isReachable(Duration timeout) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
        LOG.info(() -> "Database closed: " + maskedUrl);
    }

    private static HikariDataSource pool(String url, String user, String password, int size, Duration connectTimeout,
                                         String maskedUrl) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("codexpool");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(connectTimeout.toMillis());
        config.setInitializationFailTimeout(connectTimeout.toMillis());
        config.addDataSourceProperty("connectTimeout", String.valueOf(connectTimeout.toMillis()));
        // Every DATETIME holds UTC and every NOW() must mean UTC: a server running in a zone with daylight saving
        // would otherwise move job leases an hour at each change (and stall them for that hour).
        config.setConnectionInitSql("SET time_zone = '+00:00'");
        // The bulk protocol refuses INSERT ... SELECT and subqueries, which the batch writers use to skip rows of
        // accounts deleted meanwhile; pipelined batches are fast enough.
        config.addDataSourceProperty("useBulkStmts", "false");
        config.addDataSourceProperty("useBulkStmtsForInserts", "false");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
            throw new DatabaseStartupException("Cannot connect to the database at " + maskedUrl + " as " + user
                    + ": " + RootCause.message(e), e);
        } catch (RuntimeException e) {
            throw new DatabaseStartupException("Cannot connect to the database at " + maskedUrl + ": "
                    + RootCause.message(e), e);
        }
    }

}
