package io.codexpool.admin.sticky;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.testing.DatabaseSeed;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sticky mappings live in the database: they survive a restart and every replica on it honours them. */
class StickyReplicasTest {
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final Duration START = Duration.ofSeconds(120);
    private static final FakeChatGptBackend BACKEND = FakeChatGptBackend.start();

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
    }

    @Test
    void mappingsSurviveARestartAndAreSharedByReplicas() throws Exception {
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        Map<String, String> config = Map.of("codexpool.db.url", db.url(), "codexpool.db.user", db.user(),
                "codexpool.db.password", db.password(), "codexpool.encryption-key", KEY,
                "codexpool.upstream.base-url", BACKEND.baseUrl());
        DatabaseSeed seed = new DatabaseSeed(db, KEY, BACKEND);
        ServiceProcess first = ServiceProcess.start(CodexPoolMain.class.getName(), config).awaitReady(START);
        ServiceProcess second = null;
        try {
            seed.routingStrategy("usage_weighted");
            String a = seed.account("acc-a", 10);
            seed.account("acc-b", 20);
            assertEquals("acc-a", awaitAnswer(first, "S"), "fresh choice: lowest usage");
            awaitRow(db, "S", a);

            // A fresh choice would now prefer B; the mapping must win everywhere.
            seed.usage(a, "acc-a", 90);
            second = ServiceProcess.start(CodexPoolMain.class.getName(), config).awaitReady(START);
            assertEquals("acc-a", awaitAnswer(second, "S"), "the second replica honours the first's mapping");
            assertEquals("acc-b", awaitAnswer(second, "T"), "while a new session gets the fresh choice");

            first.close();
            first = ServiceProcess.start(CodexPoolMain.class.getName(), config).awaitReady(START);
            assertEquals("acc-a", awaitAnswer(first, "S"), "the mapping survived the restart");
            assertEquals("acc-b", awaitAnswer(first, "T"), "so did the one made by the other replica");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** Sends a turn of this session until accounts are loaded, and returns who answered. */
    private String awaitAnswer(ServiceProcess service, String session) throws Exception {
        Instant deadline = Instant.now().plusSeconds(15);
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.uri(
                            "/backend-api/codex/responses"))
                    .header("content-type", "application/json").header("session-id", session)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"input\":[],\"stream\":true}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                String answer = String.join("", response.body().lines()
                        .filter(line -> line.startsWith("data: ") && line.contains("output_text.delta"))
                        .map(line -> line.replaceAll(".*\"delta\":\"([^\"]*)\".*", "$1")).toList());
                assertTrue(answer.startsWith("Hello from "), response.body());
                return answer.substring("Hello from ".length());
            }
            assertTrue(Instant.now().isBefore(deadline), "no answer: " + response.statusCode() + " "
                    + response.body());
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // poll interval
        }
    }

    private static void awaitRow(TestMariaDb.TestDatabaseUrl db, String key, String accountId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!accountId.equals(mappedAccount(db, key))) {
            assertTrue(Instant.now().isBefore(deadline), "no row " + key + " -> " + accountId);
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // poll interval
        }
    }

    private static String mappedAccount(TestMariaDb.TestDatabaseUrl db, String key) throws Exception {
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement(
                     "select account_id from sticky_sessions where session_key = ? and kind = 'codex_session'")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
