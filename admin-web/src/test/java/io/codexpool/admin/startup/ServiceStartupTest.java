package io.codexpool.admin.startup;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.testing.PersistentDataDir;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged service's start-up, as an operator runs it: own JVM, real database. */
class ServiceStartupTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsOnAnEmptyEmbeddedDatabaseStopsOnSigtermAndKeepsItsRowsAcrossARestart() throws Exception {
        Path dataDir = PersistentDataDir.create();
        int dbPort = ServiceProcess.freePort();
        Map<String, String> config = Map.of("codexpool.data-dir", dataDir.toString(), "codexpool.encryption-key", "",
                "codexpool.db.embedded-port", String.valueOf(dbPort));
        String embeddedUrl = "jdbc:mariadb://127.0.0.1:" + dbPort + "/codexpool";
        try (ServiceProcess service = ServiceProcess.start(CodexPoolMain.class.getName(), config)) {
            service.awaitReady(START);
            assertEquals(200, get(service, "/health/ready").statusCode());
            HttpResponse<String> answered = http.send(HttpRequest.newBuilder(service.uri("/v1/responses"))
                    .header("content-type", "application/json").header("x-client-request-id", "before-sigterm")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"input\":\"hi\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, answered.statusCode(), "no accounts yet: " + answered.body());
            try (Connection db = DriverManager.getConnection(embeddedUrl, "root", "");
                 Statement statement = db.createStatement()) {
                statement.executeUpdate("insert into accounts (id, email, status, created_at) "
                        + "values ('kept-1', 'kept@example.com', 'active', utc_timestamp(6))");
            }
            // Ctrl-C: the service drains its request log into the embedded database, then stops that database.
            service.stop(Duration.ofSeconds(30));
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dataDir.resolve("encryption.key"))),
                "key created owner-only in the data dir on first start");
        try (ServiceProcess service = ServiceProcess.start(CodexPoolMain.class.getName(), config)) {
            service.awaitReady(START);
            assertEquals("kept@example.com", scalar(embeddedUrl, "root", "",
                    "select email from accounts where id = 'kept-1'"));
            assertEquals("1", scalar(embeddedUrl, "root", "",
                    "select count(*) from request_logs where request_id = 'before-sigterm'"),
                    "the request answered just before SIGTERM has its row");
            // Nothing proxied this time: shutdown must not start what the service never used.
            service.stop(Duration.ofSeconds(30));
        }
    }

    @Test
    void startsOnAnExternalDatabaseAndASecondStartMigratesNothing() throws Exception {
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        Map<String, String> config = Map.of("codexpool.db.url", db.url(), "codexpool.db.user", db.user(),
                "codexpool.db.password", db.password(), "codexpool.encryption-key", KEY);
        String applied;
        try (ServiceProcess service = ServiceProcess.start(CodexPoolMain.class.getName(), config)) {
            service.awaitReady(START);
            applied = scalar(db.url(), db.user(), db.password(), "select count(*) from DATABASECHANGELOG");
            assertEquals("1", scalar(db.url(), db.user(), db.password(), "select count(*) from settings"));
            HttpResponse<String> metrics = get(service, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("# TYPE"), "Prometheus text format");
        }
        try (ServiceProcess service = ServiceProcess.start(CodexPoolMain.class.getName(), config)) {
            service.awaitReady(START);
            assertEquals(applied, scalar(db.url(), db.user(), db.password(),
                    "select count(*) from DATABASECHANGELOG"));
        }
    }

    @Test
    void unreachableDatabaseStopsStartUpWithinThirtySecondsWithOneReadableLine() {
        String url = "jdbc:mariadb://127.0.0.1:" + ServiceProcess.freePort() + "/codexpool?password=s3cretpass";
        Instant started = Instant.now();
        try (ServiceProcess service = ServiceProcess.start(CodexPoolMain.class.getName(),
                Map.of("codexpool.db.url", url, "codexpool.db.password", "s3cretpass",
                        "codexpool.encryption-key", KEY, "codexpool.db.connect-timeout-seconds", "5"))) {
            int exit = service.awaitExit(Duration.ofSeconds(30));
            String output = service.output();
            assertNotEquals(0, exit, output);
            assertTrue(Duration.between(started, Instant.now()).toSeconds() < 30);
            assertTrue(output.lines().anyMatch(line -> line.startsWith("Codex Pool cannot start:")
                    && line.contains("/codexpool?password=***")), output);
            assertFalse(output.contains("s3cretpass"), output);
            assertTrue(output.lines().filter(line -> line.trim().startsWith("at ")).count() == 0,
                    "no stack traces:\n" + output);
        }
    }

    private HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(service.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String scalar(String url, String user, String password, String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(url, user, password);
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
