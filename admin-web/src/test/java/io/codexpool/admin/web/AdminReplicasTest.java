package io.codexpool.admin.web;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.Poll;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged service on one database. The first trusts no browser for first-run set-up (as behind
 * a reverse proxy on the same host), so set-up needs the token printed in the log; a session opened on one replica
 * works on the other. Everything stays on loopback, the ChatGPT backend too (the fake).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminReplicasTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final Pattern TOKEN_IN_LOG = Pattern.compile("with the bootstrap token (\\S+)");

    private static final FakeChatGptBackend BACKEND = FakeChatGptBackend.start();

    private static TestMariaDb.TestDatabaseUrl db;
    private static ServiceProcess first;
    private static ServiceProcess second;
    private static AdminClient admin;

    @BeforeAll
    static void startTwoReplicas() {
        db = TestMariaDb.get().createDatabase();
        Map<String, String> config = Map.of("codexpool.db.url", db.url(), "codexpool.db.user", db.user(),
                "codexpool.db.password", db.password(), "codexpool.encryption-key", KEY,
                "codexpool.upstream.base-url", BACKEND.baseUrl(), "codexpool.auth.base-url", BACKEND.authBaseUrl());
        Map<String, String> noLoopbackSetup = new HashMap<>(config);
        noLoopbackSetup.put("codexpool.admin.loopback-setup", "false");
        first = ServiceProcess.start(CodexPoolMain.class.getName(), noLoopbackSetup);
        first.awaitReady(START);
        second = ServiceProcess.start(CodexPoolMain.class.getName(), config);
        second.awaitReady(START);
    }

    @AfterAll
    static void stopReplicas() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        BACKEND.close();
    }

    @Test
    @Order(1)
    void firstRunFromAnUntrustedBrowserNeedsTheBootstrapTokenFromTheLog() {
        Matcher token = TOKEN_IN_LOG.matcher(first.output());
        assertTrue(token.find(), "token printed at first start:\n" + first.output());
        admin = new AdminClient(first.uri("/"));
        String page = admin.get("/admin/login").body();
        assertTrue(page.contains("id=\"bootstrapToken\""), "remote set-up asks for the token:\n" + page);
        Map<String, String> withoutToken = Map.of("_csrf", AdminClient.csrfIn(page), "password", AdminClient.PASSWORD,
                "confirm", AdminClient.PASSWORD, "bootstrapToken", "guessed");
        HttpResponse<String> refused = admin.postForm("/admin/setup", withoutToken);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("Enter the bootstrap token printed in the service log"));
        HttpResponse<String> accepted = admin.postForm("/admin/setup", Map.of("_csrf", AdminClient.csrfIn(page),
                "password", AdminClient.PASSWORD, "confirm", AdminClient.PASSWORD, "bootstrapToken", token.group(1)));
        assertEquals(303, accepted.statusCode(), accepted.body());
        assertEquals(200, admin.get("/admin/settings").statusCode(), "signed in on the first replica");
    }

    @Test
    @Order(2)
    void aSessionOpenedOnOneReplicaWorksOnTheOther() {
        AdminClient onFirst = new AdminClient(first.uri("/"));
        String page = onFirst.get("/admin/login").body();
        onFirst.postForm("/admin/login", Map.of("_csrf", AdminClient.csrfIn(page), "password",
                AdminClient.PASSWORD));
        String cookie = onFirst.sessionCookie();
        AdminClient onSecond = new AdminClient(second.uri("/"));
        HttpResponse<String> settings = onSecond.send(HttpRequest.newBuilder(second.uri(
                "/admin/settings")).header("Cookie", "codexpool_session=" + cookie));
        assertEquals(200, settings.statusCode(), "the second replica knows the session");
        assertTrue(settings.body().contains("Budget threshold"));
    }

    @Test
    @Order(3)
    void importedTokensNeverReachTheLog() {
        AdminClient onFirst = new AdminClient(first.uri("/"));
        onFirst.signIn();
        BACKEND.account("acc-log").accessToken(FakeAuthJson.accessToken()).planType("pro");
        HttpResponse<String> imported = onFirst.api("POST", "/api/admin/accounts",
                FakeAuthJson.authJson("log@example.com", "acc-log", "pro"));
        assertEquals(201, imported.statusCode(), imported.body());
        assertEquals(400, onFirst.api("POST", "/api/admin/accounts", FakeAuthJson.authJson("log@example.com",
                "acc-log", "pro").replace("\"tokens\"", "\"tokenz\"")).statusCode());
        // The new account's usage is read in the background with its access token: the log is read only once that
        // read has reached the backend and its answer has been stored, so whatever it logs is in the output.
        Poll.until("the new account's usage read", Duration.ofSeconds(30),
                () -> !BACKEND.requests("acc-log", "/wham/usage").isEmpty());
        Poll.until("the new account's usage stored", Duration.ofSeconds(30), () -> usageSamples("acc-log") > 0);
        for (String secret : FakeAuthJson.secrets("log@example.com", "acc-log", "pro")) {
            assertFalse(first.output().contains(secret), "token fragment in the log: " + secret);
        }
    }

    @Test
    @Order(4)
    void behindALocalReverseProxyTheSignInLimitCountsEachForwardedClient() {
        AdminClient stranger = new AdminClient(first.uri("/"));
        for (int i = 0; i <= 8; i++) {
            HttpResponse<String> guess = signIn(stranger, "203.0.113.9", "wrong password " + i);
            assertEquals(i < 8 ? 401 : 429, guess.statusCode(), "guess " + i);
        }
        HttpResponse<String> admin = signIn(new AdminClient(first.uri("/")), "198.51.100.2", AdminClient.PASSWORD);
        assertEquals(303, admin.statusCode(), "the admin behind the same proxy is not locked out");
    }

    private static long usageSamples(String chatgptAccountId) {
        try (Connection connection = db.connect();
             PreparedStatement query = connection.prepareStatement("select count(*) from usage_samples s join "
                     + "accounts a on a.id = s.account_id where a.chatgpt_account_id = ?")) {
            query.setString(1, chatgptAccountId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage sample query failed", e);
        }
    }

    private static HttpResponse<String> signIn(AdminClient client, String forwardedFor, String password) {
        String csrf = AdminClient.csrfIn(client.get("/admin/login").body());
        return client.send(HttpRequest.newBuilder(client.uri("/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "10.9.9.9, " + forwardedFor) // the first hop is the client's own claim
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8))));
    }
}
