package io.codexpool.admin.web;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin pages and JSON API against a real database, through real HTTP. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class AdminSiteTest {
    private static AdminClient admin;

    @Inject
    RequestLogRepository requestLogs;
    @Inject
    StickySessionRepository sticky;
    @Inject
    SettingsRepository settings;

    /** Once per class; the container is only up once a test instance exists, hence not a static @BeforeAll. */
    @BeforeEach
    void signIn() {
        if (admin == null) {
            admin = new AdminClient().signIn();
        }
    }

    // ---- settings ----

    @Test
    void settingsRoundTripThroughThePage() {
        HttpResponse<String> saved = admin.submit("/admin/settings", Map.of("budgetThresholdPercent", "97.5",
                "routingStrategy", "usage_weighted", "preferEarlierReset", "true",
                "promptCacheAffinityTtlSeconds", "600", "upstreamTransport", "websocket"));
        assertEquals(303, saved.statusCode(), saved.body());
        String page = admin.get("/admin/settings").body();
        assertTrue(page.contains("Settings saved."), "flash");
        assertTrue(page.contains("value=\"97.5\""), page);
        assertEquals(List.of("usage_weighted|97.50|1|0|600|websocket"), TestDatabase.column(
                "select concat_ws('|', routing_strategy, budget_threshold_percent, prefer_earlier_reset,"
                        + " sticky_threads_enabled, prompt_cache_affinity_ttl_seconds, upstream_transport)"
                        + " from settings"));
        resetSettings();
    }

    @Test
    void invalidSettingsComeBackWithMessagesBesideTheFieldsAndTheTypedValues() {
        String before = settingsRow();
        for (String threshold : List.of("abc", "-1", "101")) {
            HttpResponse<String> response = admin.submit("/admin/settings", Map.of("budgetThresholdPercent",
                    threshold, "routingStrategy", "round_robin", "promptCacheAffinityTtlSeconds", "0",
                    "upstreamTransport", "http"));
            assertEquals(400, response.statusCode(), threshold);
            String body = response.body();
            assertTrue(body.contains("id=\"budgetThresholdPercent-error\""), body);
            assertTrue(body.contains("Budget threshold must be a number from 0 to 100"), body);
            assertTrue(body.contains("value=\"" + threshold + "\""), "typed value kept: " + threshold);
            assertTrue(body.contains("id=\"promptCacheAffinityTtlSeconds-error\""), "TTL 0 refused");
            assertTrue(body.contains("value=\"0\""), "typed TTL kept");
            assertTrue(body.contains("value=\"http\" id=\"transport-http\" checked"), "typed transport kept");
        }
        assertEquals(before, settingsRow(), "nothing changed");
    }

    @Test
    void settingsApiKeepsOmittedFieldsAndNamesTheInvalidField() {
        HttpResponse<String> put = admin.api("PUT", "/api/admin/settings",
                "{\"budgetThresholdPercent\":100,\"upstreamTransport\":\"auto\"}");
        assertEquals(200, put.statusCode(), put.body());
        assertTrue(put.body().contains("\"budgetThresholdPercent\":100"), put.body());
        assertTrue(put.body().contains("\"routingStrategy\":\"depletion_aware\""), "kept: " + put.body());
        assertTrue(put.body().contains("\"promptCacheAffinityTtlSeconds\":1800"), "kept: " + put.body());
        String before = settingsRow();
        for (String bad : List.of("{\"budgetThresholdPercent\":\"abc\"}", "{\"budgetThresholdPercent\":-1}",
                "{\"budgetThresholdPercent\":101}")) {
            HttpResponse<String> response = admin.api("PUT", "/api/admin/settings", bad);
            assertEquals(400, response.statusCode(), bad);
            assertTrue(response.body().contains("\"field\":\"budgetThresholdPercent\""), response.body());
        }
        HttpResponse<String> ttl = admin.api("PUT", "/api/admin/settings", "{\"promptCacheAffinityTtlSeconds\":0}");
        assertEquals(400, ttl.statusCode());
        assertTrue(ttl.body().contains("\"field\":\"promptCacheAffinityTtlSeconds\""), ttl.body());
        HttpResponse<String> transport = admin.api("PUT", "/api/admin/settings", "{\"upstreamTransport\":\"pigeon\"}");
        assertTrue(transport.body().contains("default, auto, http, websocket"), transport.body());
        assertEquals(400, admin.api("PUT", "/api/admin/settings", "not json").statusCode());
        assertEquals(before, settingsRow(), "nothing changed");
        resetSettings();
    }

    @Test
    void savedSettingsAreWhatTheNextReadSees() {
        assertEquals(UpstreamTransport.DEFAULT, settings.load().getUpstreamTransport(), "reader warmed up");
        HttpResponse<String> put = admin.api("PUT", "/api/admin/settings",
                "{\"budgetThresholdPercent\":100,\"upstreamTransport\":\"http\"}");
        assertEquals(200, put.statusCode(), put.body());
        Settings seen = settings.load();
        assertEquals(0, new BigDecimal("100").compareTo(seen.getBudgetThresholdPercent()));
        assertEquals(UpstreamTransport.HTTP, seen.getUpstreamTransport());
        resetSettings();
    }

    // ---- accounts ----

    @Test
    void importFromAFileThenReimportUpdatesInsteadOfDuplicating() {
        String json = FakeAuthJson.authJson("file@example.com", "acc-file", "plus");
        HttpResponse<String> imported = admin.postMultipart("/admin/accounts/import", Map.of("_csrf", admin.csrf(),
                "authJson", ""), "authFile", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(303, imported.statusCode(), imported.body());
        String page = admin.get("/admin/accounts").body();
        assertTrue(page.contains("Imported file@example.com."), page);
        HttpResponse<String> again = admin.submit("/admin/accounts/import", Map.of("authJson",
                FakeAuthJson.authJson("file@example.com", "acc-file", "pro")));
        assertEquals(303, again.statusCode());
        assertTrue(admin.get("/admin/accounts").body().contains("Updated the tokens of file@example.com."));
        assertEquals(List.of("pro"), TestDatabase.column(
                "select plan_type from accounts where chatgpt_account_id = 'acc-file'"), "one row, updated");
        byte[] stored = (byte[]) TestDatabase.column(
                "select refresh_token_enc from accounts where chatgpt_account_id = 'acc-file'").getFirst();
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(FakeAuthJson.REFRESH_TOKEN),
                "stored encrypted");
    }

    @Test
    void badAuthJsonGivesAReadableMessageAndStoresNothing() {
        long before = accountCount();
        byte[] garbage = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(garbage);
        HttpResponse<String> big = admin.postMultipart("/admin/accounts/import", Map.of("_csrf", admin.csrf()),
                "authFile", garbage);
        assertEquals(400, big.statusCode());
        assertTrue(big.body().contains("larger than 1 MiB"), big.body());
        HttpResponse<String> pasted = admin.submit("/admin/accounts/import", Map.of("authJson", "{\"tokens\": "));
        assertEquals(400, pasted.statusCode());
        assertTrue(pasted.body().contains("id=\"authJson-error\""));
        assertTrue(pasted.body().contains("This is not valid JSON"), pasted.body());
        HttpResponse<String> api = admin.send(HttpRequest.newBuilder(admin.uri("/api/admin/accounts"))
                .header("Authorization", "Bearer test-api-token-0123456789")
                .POST(HttpRequest.BodyPublishers.ofByteArray(garbage)));
        assertEquals(400, api.statusCode());
        assertTrue(api.body().contains("larger than 1 MiB"), api.body());
        HttpResponse<String> noTokens = admin.api("POST", "/api/admin/accounts", "{\"OPENAI_API_KEY\":\"sk-1\"}");
        assertEquals(400, noTokens.statusCode());
        assertTrue(noTokens.body().contains("no \\\"tokens\\\" object"), noTokens.body());
        assertEquals(before, accountCount(), "nothing stored");
    }

    @Test
    void pauseResumeAndDeleteThroughPagesAndApi() {
        HttpResponse<String> created = admin.api("POST", "/api/admin/accounts",
                FakeAuthJson.authJson("life@example.com", "acc-life", "team"));
        assertEquals(201, created.statusCode(), created.body());
        String id = created.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
        assertEquals(303, admin.submit("/admin/accounts/" + id + "/pause", Map.of()).statusCode());
        assertEquals(List.of("paused"), TestDatabase.column("select status from accounts where id = ?", id));
        assertTrue(admin.get("/admin/accounts?status=paused").body().contains("life@example.com"));
        assertFalse(admin.get("/admin/accounts?status=active").body().contains("life@example.com"));
        HttpResponse<String> resumed = admin.api("POST", "/api/admin/accounts/" + id + "/resume", null);
        assertEquals(200, resumed.statusCode());
        assertTrue(resumed.body().contains("\"status\":\"active\""), resumed.body());
        HttpResponse<String> paused = admin.api("POST", "/api/admin/accounts/" + id + "/pause", null);
        assertTrue(paused.body().contains("\"status\":\"paused\""));
        assertEquals(303, admin.submit("/admin/accounts/" + id + "/resume", Map.of()).statusCode());
        assertEquals(List.of("active"), TestDatabase.column("select status from accounts where id = ?", id));
        String detail = admin.get("/admin/accounts/" + id).body();
        assertTrue(detail.contains("stored (encrypted)"), detail);
        assertTrue(detail.contains("2100-01-01 00:00:00 UTC"), "access expiry from exp");
        assertEquals(303, admin.submit("/admin/accounts/" + id + "/delete", Map.of()).statusCode());
        assertEquals(List.of(), TestDatabase.column("select id from accounts where id = ?", id));
        assertEquals(404, admin.api("DELETE", "/api/admin/accounts/" + id, null).statusCode());
        HttpResponse<String> again = admin.api("POST", "/api/admin/accounts",
                FakeAuthJson.authJson("life2@example.com", "acc-life2", "team"));
        String id2 = again.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
        assertEquals(204, admin.api("DELETE", "/api/admin/accounts/" + id2, null).statusCode());
    }

    @Test
    void authJsonImportsOverTheApiAreAuditedWithTheActorAndClientAddress() throws JsonProcessingException {
        HttpResponse<String> byToken = new AdminClient().send(HttpRequest.newBuilder(admin.uri("/api/admin/accounts"))
                .header("Authorization", "Bearer test-api-token-0123456789")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(FakeAuthJson.authJson("audit@example.com", "acc-audit",
                        "plus"))));
        assertEquals(201, byToken.statusCode(), byToken.body());
        HttpResponse<String> bySession = admin.api("POST", "/api/admin/accounts",
                FakeAuthJson.authJson("audit@example.com", "acc-audit", "pro"));
        assertEquals(200, bySession.statusCode(), bySession.body());

        JsonNode events = new ObjectMapper().readTree(admin.api("GET",
                "/api/admin/events?category=admin&q=audit@example.com", null).body()).path("events");
        assertEquals(List.of("account.signed_in_again", "account.added"), events.findValuesAsText("action"),
                events.toString());
        assertEquals(List.of("admin", "api-token"), events.findValuesAsText("actor"));
        assertEquals(List.of("127.0.0.1", "127.0.0.1"), events.findValuesAsText("clientAddress"));
        assertEquals(List.of("audit@example.com", "audit@example.com"), events.findValuesAsText("subject"));
        assertEquals(List.of("plan pro", "plan plus"), events.findValuesAsText("detail"));
    }

    @Test
    void tokensNeverAppearInAnyPageOrJson() {
        HttpResponse<String> created = admin.api("POST", "/api/admin/accounts",
                FakeAuthJson.authJson("scan@example.com", "acc-scan", "plus"));
        String id = created.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
        List<String> responses = new ArrayList<>();
        responses.add(created.body());
        for (String path : List.of("/admin", "/admin/accounts", "/admin/accounts/" + id, "/admin/settings",
                "/admin/request-logs", "/admin/sticky-sessions", "/api/admin/accounts", "/api/admin/overview",
                "/api/admin/settings", "/api/admin/request-logs", "/api/admin/sticky-sessions")) {
            HttpResponse<String> response = admin.get(path);
            assertEquals(200, response.statusCode(), path + "\n" + response.body());
            responses.add(response.body());
        }
        responses.add(admin.submit("/admin/accounts/import", Map.of("authJson",
                FakeAuthJson.authJson("scan@example.com", "acc-scan", "plus").replace("}", ""))).body());
        for (String secret : FakeAuthJson.secrets("scan@example.com", "acc-scan", "plus")) {
            for (String body : responses) {
                assertFalse(body.contains(secret), "token fragment " + secret + " leaked");
            }
        }
    }

    // ---- request logs ----

    @Test
    void requestLogsAreNewestFirstFiftyAPageAndFilterable() throws Exception {
        Instant now = Instant.now();
        List<RequestLog> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(log("req-page-" + i, now.minusSeconds(3600 + i), "gpt-5.4-mini", 200, null));
        }
        rows.add(log("req-newest", now.minusSeconds(10), "gpt-5.4", 429, "usage_limit_reached"));
        requestLogs.insertAll(rows);
        String first = admin.get("/admin/request-logs").body();
        assertTrue(first.indexOf("req-newest") < first.indexOf("req-page-0"), "newest first");
        assertEquals(50, countRows(first), "50 a page");
        assertTrue(first.contains("rel=\"next\""), "a next page");
        String errors = admin.get("/admin/request-logs?status=error").body();
        assertEquals(1, countRows(errors));
        assertTrue(errors.contains("usage_limit_reached"));
        assertEquals(1, countRows(admin.get("/admin/request-logs?model=gpt-5.4").body()));
        assertEquals(1, countRows(admin.get("/admin/request-logs?q=LIMIT_REACHED").body()), "free text, any case");
        String from = LocalDateTime.ofInstant(now.minusSeconds(60), ZoneOffset.UTC).withNano(0)
                .toString();
        String range = admin.get("/admin/request-logs?from=" + URLEncoder.encode(from,
                StandardCharsets.UTF_8)).body();
        assertEquals(1, countRows(range), "time range, as a browser's datetime-local sends it");
        HttpResponse<String> badTime = admin.get("/admin/request-logs?from=yesterday");
        assertEquals(400, badTime.statusCode());
        assertTrue(badTime.body().contains("from must be a time"), "message beside the field");
        assertTrue(badTime.body().contains("value=\"yesterday\""), "typed value kept");
        HttpResponse<String> api = admin.get("/api/admin/request-logs?status=429&limit=5");
        assertEquals(200, api.statusCode());
        assertTrue(api.body().contains("\"total\":1"), api.body());
        assertTrue(api.body().contains("\"requestId\":\"req-newest\""), api.body());
        assertEquals(400, admin.get("/api/admin/request-logs?limit=0").statusCode());
        String paged = admin.get("/api/admin/request-logs?model=gpt-5.4-mini&limit=10&offset=55").body();
        assertTrue(paged.contains("\"total\":60") && paged.contains("req-page-59"), paged);
    }

    // ---- sticky sessions ----

    @Test
    void stickySessionsFilterDeleteOneDeleteFilteredAndPurgeStale() {
        String accountId = admin.api("POST", "/api/admin/accounts", FakeAuthJson.authJson("sticky@example.com",
                "acc-sticky", "plus")).body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
        Instant now = Instant.now();
        sticky.save(new StickySession("fresh-cache", StickyKind.PROMPT_CACHE, accountId, now, now));
        sticky.save(new StickySession("old-cache", StickyKind.PROMPT_CACHE, accountId, now.minusSeconds(7200),
                now.minusSeconds(7200)));
        sticky.save(new StickySession("thread-1", StickyKind.STICKY_THREAD, accountId, now, now));
        sticky.save(new StickySession("thread-2", StickyKind.STICKY_THREAD, accountId, now, now));
        sticky.save(new StickySession("session-1", StickyKind.CODEX_SESSION, accountId, now, now));
        String stale = admin.get("/admin/sticky-sessions?stale=on").body();
        assertTrue(stale.contains("old-cache") && !stale.contains("fresh-cache"), stale);
        assertTrue(stale.contains("badge stale"));
        assertTrue(admin.get("/api/admin/sticky-sessions?kind=sticky_thread").body().contains("\"total\":2"));
        assertEquals(400, admin.get("/api/admin/sticky-sessions?kind=bogus").statusCode());
        HttpResponse<String> huge = admin.get("/api/admin/sticky-sessions?limit=99999999999");
        assertEquals(400, huge.statusCode(), "a limit past int's range is refused by name");
        assertTrue(huge.body().contains("\"field\":\"limit\""), huge.body());
        for (String form : List.of("/admin/sticky-sessions/delete", "/admin/sticky-sessions/delete-filtered")) {
            assertEquals(303, admin.submit(form, Map.of("kind", "bogus", "key", "session-1")).statusCode(), form);
            assertTrue(admin.get("/admin/sticky-sessions").body().contains("Nothing deleted: kind must be"), form);
        }
        assertEquals(303, admin.submit("/admin/sticky-sessions/delete", Map.of("kind", "codex_session",
                "key", "session-1")).statusCode());
        assertTrue(admin.get("/admin/sticky-sessions").body().contains("Deleted the mapping session-1."));
        assertEquals(303, admin.submit("/admin/sticky-sessions/delete-filtered", Map.of("kind", "sticky_thread",
                "key", "thread")).statusCode());
        assertTrue(admin.get("/admin/sticky-sessions").body().contains("Deleted 2 mapping(s)."));
        assertEquals(303, admin.submit("/admin/sticky-sessions/purge-stale", Map.of()).statusCode());
        assertTrue(admin.get("/admin/sticky-sessions").body().contains("Purged 1 stale mapping(s)."));
        assertEquals(List.of("fresh-cache"), TestDatabase.column(
                "select session_key from sticky_sessions where account_id = ?", accountId));
        assertEquals(204, admin.api("DELETE", "/api/admin/sticky-sessions/prompt_cache/fresh-cache", null)
                .statusCode());
        assertEquals(404, admin.api("DELETE", "/api/admin/sticky-sessions/prompt_cache/fresh-cache", null)
                .statusCode());
    }

    static RequestLog log(String requestId, Instant at, String model, int status, String errorCode) {
        return new RequestLog().setRequestId(requestId).setRequestedAt(at).setRoute("/backend-api/codex/responses")
                .setModel(model).setTransport("http").setInputTokens(1200L).setCachedInputTokens(200L)
                .setOutputTokens(300L).setLatencyMs(850).setFirstTokenMs(240L).setStatusCode(status)
                .setStatus(status >= 400 ? "error" : "success").setErrorCode(errorCode)
                .setCostUsd(new BigDecimal("0.0012"));
    }

    private static int countRows(String html) {
        return html.split("<td title=\"req-", -1).length - 1;
    }

    private static long accountCount() {
        return ((Number) TestDatabase.column("select count(*) from accounts").getFirst()).longValue();
    }

    private static String settingsRow() {
        return TestDatabase.column("select concat_ws('|', routing_strategy, budget_threshold_percent,"
                + " prefer_earlier_reset, sticky_threads_enabled, prompt_cache_affinity_ttl_seconds,"
                + " upstream_transport) from settings").getFirst().toString();
    }

    private static void resetSettings() {
        TestDatabase.update("update settings set routing_strategy = 'capacity_weighted', budget_threshold_percent ="
                + " 95, prefer_earlier_reset = true, sticky_threads_enabled = true,"
                + " prompt_cache_affinity_ttl_seconds = 1800, upstream_transport = 'default'");
    }
}
