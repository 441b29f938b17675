package io.codexpool.admin.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.PersistentDataDir;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;

/**
 * The whole service in a JVM of its own, for the fuzz properties (jqwik runs outside Helidon's JUnit extension):
 * a database of its own, the fake ChatGPT backend in this JVM, two imported accounts. Started once, on first use,
 * and stopped when the test JVM exits.
 */
final class FuzzedService {
    /** The admin API token of the test configuration (admin-web's test microprofile-config.properties). */
    static final String API_TOKEN = "test-api-token-0123456789";
    static final String[] ACCOUNTS = {"fuzz-a", "fuzz-b"};
    private static final Duration START = Duration.ofSeconds(120);
    private static FuzzedService instance;

    final FakeChatGptBackend backend;
    final TestMariaDb.TestDatabaseUrl database;
    final ServiceProcess service;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private FuzzedService(FakeChatGptBackend backend, TestMariaDb.TestDatabaseUrl database, ServiceProcess service) {
        this.backend = backend;
        this.database = database;
        this.service = service;
    }

    static synchronized FuzzedService get() throws Exception {
        if (instance == null) {
            FakeChatGptBackend backend = FakeChatGptBackend.start();
            TestMariaDb.TestDatabaseUrl database = TestMariaDb.get().createDatabase();
            ServiceProcess service = ServiceProcess.start(CodexPoolMain.class.getName(), Map.of(
                    "codexpool.data-dir", PersistentDataDir.create().toString(),
                    "codexpool.db.url", database.url(), "codexpool.db.user", database.user(),
                    "codexpool.db.password", database.password(),
                    "codexpool.upstream.base-url", backend.baseUrl(),
                    "codexpool.auth.base-url", backend.authBaseUrl(),
                    "codexpool.upstream.transport", "http",
                    "codexpool.upstream.idle-timeout-seconds", "5",
                    // small enough that generated events go past it
                    "codexpool.upstream.max-event-bytes", "16384"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                backend.close();
            }));
            service.awaitReady(START);
            instance = new FuzzedService(backend, database, service);
            for (String account : ACCOUNTS) {
                instance.importAccount(account);
            }
        }
        return instance;
    }

    private void importAccount(String chatgptId) throws Exception {
        backend.account(chatgptId).accessToken(FakeAuthJson.accessToken());
        String authJson = FakeAuthJson.authJson(chatgptId + "@example.com", chatgptId, "plus")
                .replace("2026-11-20T10:00:00Z", Instant.now().toString());
        HttpResponse<String> imported = send(HttpRequest.newBuilder(uri("/api/admin/accounts"))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(authJson)));
        if (imported.statusCode() != 201 && imported.statusCode() != 200) {
            throw new IllegalStateException("import of " + chatgptId + ": " + imported.statusCode() + " "
                    + imported.body());
        }
    }

    URI uri(String pathAndQuery) {
        return service.uri(pathAndQuery);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first column of the first row of a query on the service's database. */
    long count(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
