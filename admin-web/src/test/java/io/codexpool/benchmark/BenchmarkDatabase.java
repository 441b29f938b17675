package io.codexpool.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh database for one benchmark run on the MariaDB named by {@code CODEXPOOL_TEST_DB_URL} (user and password from
 * {@code CODEXPOOL_TEST_DB_USER} / {@code _PASSWORD}), else on 127.0.0.1:3306 as root; dropped on close.
 */
final class BenchmarkDatabase implements AutoCloseable {
    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;

    BenchmarkDatabase() {
        String url = env("CODEXPOOL_TEST_DB_URL", "jdbc:mariadb://127.0.0.1:3306/");
        this.serverUrl = url.replaceFirst("^(jdbc:mariadb://[^/?]+).*$", "$1");
        this.user = env("CODEXPOOL_TEST_DB_USER", "root");
        this.password = env("CODEXPOOL_TEST_DB_PASSWORD", "");
        this.name = "cp_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        execute(serverUrl + "/", "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
    }

    String url() {
        return serverUrl + "/" + name;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /**
     * Waits until {@code expected} request-log rows are stored or the writer has stopped adding rows for a while, and
     * returns the count then.
     */
    long awaitRequestLogs(long expected, Duration quietLimit) throws InterruptedException {
        long count = countRequestLogs();
        long lastChange = System.nanoTime();
        while (count < expected && System.nanoTime() - lastChange < quietLimit.toNanos()) {
            Thread.sleep(200); // polling a deadline-bounded wait for the asynchronous writer
            long now = countRequestLogs();
            if (now != count) {
                count = now;
                lastChange = System.nanoTime();
            }
        }
        return count;
    }

    /** Rows whose status is not success: requests the proxy itself saw fail. */
    long countFailedRequestLogs() {
        return count("SELECT COUNT(*) FROM request_logs WHERE status <> 'success'");
    }

    long countRequestLogs() {
        return count("SELECT COUNT(*) FROM request_logs");
    }

    @Override
    public void close() {
        execute(serverUrl + "/", "DROP DATABASE IF EXISTS `" + name + "`");
    }

    long count(String sql) {
        try (Connection connection = DriverManager.getConnection(url(), user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
