package io.codexpool.admin.requestlogs;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.testing.DatabaseSeed;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request logs are written after the reply, in batches; stopping the service must not lose any. */
class RequestLogShutdownTest {
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final FakeChatGptBackend BACKEND = FakeChatGptBackend.start();
    private static final int REQUESTS = 150;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
    }

    @Test
    void aCleanShutdownRightAfterABurstLosesNoRequestLogRow() throws Exception {
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        Map<String, String> config = Map.of("codexpool.db.url", db.url(), "codexpool.db.user", db.user(),
                "codexpool.db.password", db.password(), "codexpool.encryption-key", KEY,
                "codexpool.upstream.base-url", BACKEND.baseUrl());
        int answered = 0;
        try (ServiceProcess service = ServiceProcess.start(CodexPoolMain.class.getName(), config)
                .awaitReady(Duration.ofSeconds(120))) {
            new DatabaseSeed(db, KEY, BACKEND).account("acc-a", 10);
            Instant deadline = Instant.now().plusSeconds(15);
            while (send(service).statusCode() != 200) {
                assertTrue(Instant.now().isBefore(deadline), "the account never became usable");
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // poll interval
                answered++;
            }
            answered++;
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                burst.add(http.sendAsync(request(service), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> reply : burst) {
                assertEquals(200, reply.get().statusCode());
                answered++;
            }
        } // SIGTERM right after the last reply
        try (var connection = db.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select count(*) from request_logs")) {
            rows.next();
            assertEquals(answered, rows.getInt(1), "one row per answered request, none lost at shutdown");
        }
    }

    private HttpResponse<String> send(ServiceProcess service) throws Exception {
        return http.send(request(service), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(ServiceProcess service) {
        return HttpRequest.newBuilder(service.uri("/v1/responses")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"input\":\"hi\"}")).build();
    }
}
