package io.codexpool.admin.sticky;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.testing.DatabaseSeed;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.Poll;
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
            // The running replica refreshes settings and accounts on their own timers and sees rows as they are
            // written, so its first choice is made while A is the only account; the replicas started later read
            // the strategy and both accounts at start.
            seed.routingStrategy("usage_weighted");
            String a = seed.account("acc-a", 10);
            assertEquals("acc-a", awaitAnswer(first, "S"), "the only account");
            awaitRow(db, "S", a);

            // A fresh choice would now prefer B; the mapping must win everywhere.
            String b = seed.account("acc-b", 20);
            seed.usage(a, "acc-a", 90);
            second = ServiceProcess.start(CodexPoolMain.class.getName(), config).awaitReady(START);
            assertEquals("acc-a", awaitAnswer(second, "S"), "the second replica honours the first's mapping");
            assertEquals("acc-b", awaitAnswer(second, "T"), "while a new session gets the fresh choice");
            awaitRow(db, "T", b);

            // Now a fresh choice would take neither A nor B but C, the least used: what the restarted replica does
            // for S and T can only come from the stored rows, the second replica's T among them.
            seed.account("acc-c", 5);
            first.close();
            first = ServiceProcess.start(CodexPoolMain.class.getName(), config).awaitReady(START);
            assertEquals("acc-a", awaitAnswer(first, "S"), "the mapping survived the restart");
            assertEquals("acc-b", awaitAnswer(first, "T"), "so did the one made by the other replica");
            assertEquals("acc-c", awaitAnswer(first, "U"), "though a fresh choice takes neither of their accounts");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** Sends a turn of this session until accounts are loaded, and returns who answered. */
    private String awaitAnswer(ServiceProcess service, String session) {
        HttpResponse<String> response = Poll.until("an answer for session " + session, Duration.ofSeconds(15),
                () -> send(service, session), reply -> reply.statusCode() == 200);
        String answer = String.join("", response.body().lines()
                .filter(line -> line.startsWith("data: ") && line.contains("output_text.delta"))
                .map(line -> line.replaceAll(".*\"delta\":\"([^\"]*)\".*", "$1")).toList());
        assertTrue(answer.startsWith("Hello from "), response.body());
        return answer.substring("Hello from ".length());
    }

    private HttpResponse<String> send(ServiceProcess service, String session) {
        try {
            return http.send(HttpRequest.newBuilder(service.uri("/backend-api/codex/responses"))
                    .header("content-type", "application/json").header("session-id", session)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"gpt-5.4\",\"input\":[],\"stream\":true}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("request for session " + session + " failed", e);
        }
    }

    private static void awaitRow(TestMariaDb.TestDatabaseUrl db, String key, String accountId) {
        Poll.until("row " + key + " -> " + accountId, Duration.ofSeconds(5), () -> mappedAccount(db, key),
                accountId::equals);
    }

    private static String mappedAccount(TestMariaDb.TestDatabaseUrl db, String key) {
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement(
                     "select account_id from sticky_sessions where session_key = ? and kind = 'codex_session'")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sticky row query failed", e);
        }
    }
}
