package io.codexpool.admin.packaging;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.codexpool.testing.Poll;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar the README runs, with only its own {@code libs/}: what the unit tests' class path cannot show (a library
 * left out of the package, a resource only the tests had).
 */
class PackagedServiceIT {
    private static final Path JAR = Path.of("target", "codex-pool.jar");

    @Test
    void thePackagedJarSaysWhereItListensAndServesTheProxyTheAdminSiteAndHealth() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "package the service first: " + JAR.toAbsolutePath());
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        try (ServiceProcess service = ServiceProcess.startJar(JAR, Map.of("codexpool.db.url", db.url(),
                "codexpool.db.user", db.user(), "codexpool.db.password", db.password(),
                "codexpool.encryption-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="))) {
            service.awaitReady(Duration.ofSeconds(120));
            String adminSite = "http://127.0.0.1:" + service.port() + "/admin";
            Poll.until("the start-up lines", Duration.ofSeconds(30),
                    () -> service.output().contains("No admin password is set"));
            String log = service.output();
            assertTrue(log.contains("Codex Pool is listening on 127.0.0.1 port " + service.port()
                    + " (this machine only). Admin site: " + adminSite), log);
            assertTrue(log.contains("No admin password is set. Open " + adminSite + " from this machine"), log);
            assertFalse(log.contains("all other host addresses"), "Helidon's misleading line is gone:\n" + log);
            assertFalse(log.contains("SLF4J"), "SLF4J has a provider:\n" + log);
            assertFalse(log.contains(" WARNING ") || log.contains(" SEVERE "),
                    "a clean start warns of nothing:\n" + log);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(service.uri("/admin/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), "templates and static files are in the jar");
            assertTrue(login.body().contains("<form"), login.body());
            HttpResponse<String> proxied = http.send(HttpRequest.newBuilder(service.uri("/v1/responses"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"input\":\"hi\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, proxied.statusCode(), "no accounts yet: " + proxied.body());
            assertTrue(proxied.body().contains("no_accounts"), proxied.body());
        }
    }
}
