package io.codexpool.admin.requestlogs;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.admin.testing.RequestLogSeeder;
import io.codexpool.admin.web.AdminClient;
import io.codexpool.admin.web.Json;
import io.codexpool.persistence.events.Event;
import io.codexpool.persistence.events.EventRepository;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.proxy.history.HistoryJobs;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request history at the pages and the JSON API: the dashboard, overview and account page read the rollups, the
 * request-log list pages by keyset, retention deletes what is past the settings, and the CSV export.
 */
@ExtendWith(TestDatabase.class)
@HelidonTest
// every row a test inserts is committed before it asks for a roll-up, so the late-commit margin is not needed here
@AddConfig(key = "codexpool.history.rollup-margin-seconds", value = "0")
class RequestHistoryPagesTest {
    private static AdminClient admin;

    @Inject
    RequestLogRepository requestLogs;
    @Inject
    HistoryJobs jobs;
    @Inject
    EventRepository events;

    @BeforeEach
    void signIn() {
        if (admin == null) {
            admin = new AdminClient().signIn();
        }
    }

    @Test
    void dashboardOverviewAndAccountPageShowTheRollupsOfTheRawRows() throws Exception {
        String accountId = Json.MAPPER.readTree(admin.api("POST", "/api/admin/accounts", FakeAuthJson.authJson(
                "history@example.com", "acc-history", "plus")).body()).path("id").asText();
        Instant now = Instant.now();
        requestLogs.insertAll(rows("dash-2h", 30, now.minus(Duration.ofHours(2)), accountId, "dash-model"));
        requestLogs.insertAll(rows("dash-3d", 20, now.minus(Duration.ofDays(3)), accountId, "dash-model"));
        requestLogs.insertAll(rows("dash-10d", 10, now.minus(Duration.ofDays(10)), null, "dash-model"));
        rollUpEverything();
        requestLogs.insertAll(rows("dash-now", 5, now, null, "dash-model")); // not rolled up yet
        Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
        String day = raw(thisHour.minus(Duration.ofHours(23)));
        String week = raw(thisHour.minus(Duration.ofHours(167)));
        // The raw rows before this hour go (as retention would delete them): the numbers come from the rollups.
        TestDatabase.update("DELETE FROM request_logs WHERE requested_at < ?", thisHour.minus(Duration.ofHours(1))
                .atOffset(java.time.ZoneOffset.UTC).toLocalDateTime());

        JsonNode overview = Json.MAPPER.readTree(admin.get("/api/admin/overview").body());
        assertEquals(day, totals(overview.path("last24h")), "last 24 h");
        assertEquals(week, totals(overview.path("last7d")), "last 7 days");
        assertTrue(overview.path("last7d").path("latencyMs").path("p95").asLong()
                >= overview.path("last7d").path("latencyMs").path("p50").asLong(), overview.toString());
        assertTrue(overview.path("last7d").path("firstTokenMs").path("p50").isNumber(), overview.toString());
        String dashboard = admin.get("/admin").body();
        assertTrue(dashboard.contains("latency p50"), "percentiles on the dashboard");
        String account = admin.get("/admin/accounts/" + accountId).body();
        assertTrue(account.contains("<dt>Requests</dt><dd>50</dd>"), "all kept history of the account: " + account);
    }

    @Test
    void pagingOlderThenNewerVisitsEveryRowExactlyOnceWhileNewRowsArrive() throws Exception {
        Instant base = Instant.now().minus(Duration.ofMinutes(30));
        List<RequestLog> initial = new ArrayList<>();
        for (int i = 0; i < 125; i++) {
            // three rows share each time: the id breaks the tie
            initial.add(row("keyset-" + i, base.minusSeconds(i / 3), null, "keyset-model", 200));
        }
        requestLogs.insertAll(initial);
        Set<String> expected = new HashSet<>(initial.stream().map(RequestLog::getRequestId).toList());
        List<String> older = new ArrayList<>();
        List<String> arrived = new ArrayList<>();
        JsonNode page = list("");
        List<String> lastPage = List.of();
        for (int pages = 0; pages < 20; pages++) {
            lastPage = ids(page);
            older.addAll(lastPage);
            String arriving = "keyset-new-" + pages;
            requestLogs.insertAll(List.of(row(arriving, Instant.now(), null, "keyset-model", 200)));
            arrived.add(arriving);
            if (page.path("older").isNull()) {
                break;
            }
            page = list("&before=" + page.path("older").asText());
        }
        assertEquals(older.size(), new HashSet<>(older).size(), "no row twice going older");
        assertEquals(expected, new HashSet<>(older), "every row going older");

        List<String> newer = new ArrayList<>(lastPage);
        for (int pages = 0; pages < 20 && !page.path("newer").isNull(); pages++) {
            page = list("&after=" + page.path("newer").asText());
            newer.addAll(ids(page));
            requestLogs.insertAll(List.of(row("keyset-late-" + pages, Instant.now(), null, "keyset-model", 200)));
        }
        assertEquals(newer.size(), new HashSet<>(newer).size(), "no row twice going newer");
        Set<String> everything = new HashSet<>(expected);
        everything.addAll(arrived);
        assertTrue(new HashSet<>(newer).containsAll(everything), "every row, and those that arrived, going newer");

        String html = admin.get("/admin/request-logs?model=keyset-model").body();
        String olderLink = html.replaceFirst("(?s).*href=\"([^\"]*)\" rel=\"next\".*", "$1").replace("&amp;", "&");
        assertTrue(olderLink.contains("before="), olderLink);
        String second = admin.get(olderLink).body();
        assertTrue(second.contains("rel=\"prev\"") && second.contains("rel=\"first\""), "links back");
        assertEquals(400, admin.get("/admin/request-logs?before=yesterday").statusCode());
        assertEquals(400, admin.get("/api/admin/request-logs?before=12-x").statusCode());
    }

    @Test
    void totalsAreExactUpToTenThousandAndFiltersAndSearchNarrowThem() throws Exception {
        try (Connection connection = TestDatabase.current().connect()) {
            RequestLogSeeder.seed(connection, 10_001, 2, List.of(), List.of());
        }
        JsonNode all = list("", "");
        assertEquals(10_000, all.path("total").asLong());
        assertFalse(all.path("totalExact").asBoolean(), "more than 10,000");
        assertTrue(admin.get("/admin/request-logs").body().contains("More than 10,000"));
        JsonNode failed = list("", "&status=502&limit=500");
        assertTrue(failed.path("totalExact").asBoolean());
        assertEquals(failed.path("total").asLong(), failed.path("requestLogs").size());
        for (JsonNode row : failed.path("requestLogs")) {
            assertEquals(502, row.path("statusCode").asInt());
        }
        JsonNode errors = list("", "&status=error&model=gpt-5.4&limit=5");
        assertEquals(5, errors.path("requestLogs").size());
        assertTrue(errors.path("requestLogs").get(0).path("statusCode").asInt() >= 400);
        // free text covers the last 24 h unless a start is given: half of the seeded rows are older
        JsonNode search = list("", "&q=seeded+failure&limit=500");
        assertTrue(search.path("totalExact").asBoolean(), "every match on one page: an exact total");
        long searched = search.path("total").asLong();
        long seededFailures = ((Number) TestDatabase.column("SELECT COUNT(*) FROM request_logs WHERE error_message"
                + " LIKE 'seeded failure%' AND requested_at >= UTC_TIMESTAMP(6) - INTERVAL 1 DAY").getFirst())
                .longValue();
        assertTrue(Math.abs(searched - seededFailures) <= 2, searched + " vs " + seededFailures);
        JsonNode firstOfMany = list("", "&q=seeded+failure&limit=5");
        assertEquals(5, firstOfMany.path("total").asLong());
        assertFalse(firstOfMany.path("totalExact").asBoolean(), "a text search is not counted past its page");
        assertEquals(400, admin.get("/api/admin/request-logs?status=teapot").statusCode());
        assertEquals(400, admin.get("/api/admin/request-logs?offset=10001").statusCode());
    }

    @Test
    void retentionSettingsAreSavedAndTheJobDeletesOnlyRowsPastThem() throws Exception {
        HttpResponse<String> invalid = admin.api("PUT", "/api/admin/settings", "{\"requestLogRetentionDays\": 0}");
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("\"field\":\"requestLogRetentionDays\""), invalid.body());
        HttpResponse<String> saved = admin.api("PUT", "/api/admin/settings",
                "{\"requestLogRetentionDays\": 2, \"rollupRetentionDays\": 5}");
        assertEquals(200, saved.statusCode(), saved.body());
        assertTrue(saved.body().contains("\"requestLogRetentionDays\":2,\"rollupRetentionDays\":5"), saved.body());
        assertTrue(admin.get("/admin/settings").body().contains(
                "id=\"rollupRetentionDays\" name=\"rollupRetentionDays\" value=\"5\""), "on the settings page");
        try {
            Instant now = Instant.now();
            requestLogs.insertAll(rows("ret-6d", 4, now.minus(Duration.ofDays(6)), null, "ret-model"));
            requestLogs.insertAll(rows("ret-3d", 4, now.minus(Duration.ofDays(3)), null, "ret-model"));
            requestLogs.insertAll(rows("ret-1d", 4, now.minus(Duration.ofDays(1)), null, "ret-model"));
            rollUpEverything();
            requestLogs.insertAll(rows("ret-3d-late", 4, now.minus(Duration.ofDays(3)), null, "ret-model"));
            events.append(Event.of(now.minus(Duration.ofDays(3)), Event.ADMIN, "retention.old", null, null, null,
                    null));
            events.append(Event.of(now.minus(Duration.ofDays(1)), Event.ADMIN, "retention.recent", null, null, null,
                    null));

            HistoryJobs.Deleted deleted = jobs.deleteExpired();
            assertEquals(List.of("retention.recent"), TestDatabase.column(
                    "SELECT action FROM events WHERE action LIKE 'retention.%'"), "events live as long as raw rows");
            assertTrue(deleted.requestLogs() >= 8, "the 6- and 3-day-old rows: " + deleted);
            assertEquals(List.of("ret-1d", "ret-3d-late"), TestDatabase.column("SELECT DISTINCT"
                    + " SUBSTRING_INDEX(request_id, '-', 2 + (request_id LIKE '%-late-%')) p FROM request_logs"
                    + " WHERE model = 'ret-model' ORDER BY p"), "recent rows, and old ones not rolled up yet");
            assertEquals(List.of(0L), TestDatabase.column("SELECT COUNT(*) FROM request_log_rollups"
                    + " WHERE hour < UTC_TIMESTAMP() - INTERVAL 5 DAY"), "rollups past their retention");
            assertEquals("8", TestDatabase.column("SELECT SUM(requests) FROM request_log_rollups"
                    + " WHERE model = 'ret-model'").getFirst().toString(), "the 3- and 1-day-old rollups stay");
        } finally {
            admin.api("PUT", "/api/admin/settings", "{\"requestLogRetentionDays\": 30, \"rollupRetentionDays\": 400}");
        }
    }

    @Test
    void csvExportHasEveryFilteredRowAndThePageLinksToIt() throws Exception {
        Instant now = Instant.now();
        List<RequestLog> rows = new ArrayList<>(rows("csv", 3, now.minusSeconds(5), null, "csv-model"));
        rows.add(row("csv-formula", now, null, "csv-model", 500).setErrorCode("upstream_error")
                .setErrorMessage("=HYPERLINK(\"http://x\"), said \"no\"\nsecond line"));
        requestLogs.insertAll(rows);
        HttpResponse<String> csv = admin.get("/api/admin/request-logs.csv?model=csv-model");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("request-logs.csv"));
        String[] lines = csv.body().split("\r\n");
        assertTrue(lines[0].startsWith("id,requestId,requestedAt,"), lines[0]);
        assertEquals(1 + 4, lines.length, "header and four rows (a line break inside a field is quoted): "
                + csv.body());
        assertTrue(lines[1].contains(",csv-formula,"), "newest first");
        assertTrue(csv.body().contains(",\"'=HYPERLINK(\"\"http://x\"\"), said \"\"no\"\"\nsecond line\","),
                "quoted, and no formula: " + csv.body());
        assertEquals(400, admin.get("/api/admin/request-logs.csv?from=soon").statusCode());
        assertTrue(admin.get("/admin/request-logs?model=csv-model").body()
                .contains("href=\"/api/admin/request-logs.csv?model=csv-model\""), "the page links the export");
    }

    @Test
    void aTurnReplayedOnAnotherAccountIsMarkedWithItsReasonOnThePageAndInTheApi() throws Exception {
        String reason = "replayed on another account: usage_limit_reached";
        requestLogs.insertAll(List.of(row("chain-replayed", Instant.now(), null, "chain-model", 200)
                .setChainReplay(reason)));
        JsonNode page = list("?model=chain-model", "");
        assertEquals(reason, page.path("requestLogs").get(0).path("chainReplay").asText(), page.toString());
        String html = admin.get("/admin/request-logs?model=chain-model").body();
        assertTrue(html.contains("title=\"" + reason + "\">replayed</span>"), html);
    }

    private void rollUpEverything() throws Exception {
        // the first run notes the newest id, the second adds everything up to it
        jobs.catchUp();
        jobs.catchUp();
    }

    private static JsonNode list(String query) throws Exception {
        return list("?model=keyset-model&limit=20", query);
    }

    private static JsonNode list(String base, String query) throws Exception {
        String path = "/api/admin/request-logs" + (base.isEmpty() ? "?" + query.replaceFirst("^&", "") : base + query);
        HttpResponse<String> response = admin.get(path);
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("requestLogs").forEach(row -> ids.add(row.path("requestId").asText()));
        return ids;
    }

    private static String raw(Instant from) {
        return TestDatabase.column("SELECT CONCAT_WS('|', COUNT(*), SUM(status_code >= 400), SUM(input_tokens),"
                + " SUM(output_tokens), CAST(SUM(cost_usd) AS DECIMAL(24, 8))) FROM request_logs"
                + " WHERE requested_at >= ?", from.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime())
                .getFirst().toString();
    }

    private static String totals(JsonNode json) {
        return String.join("|", json.path("requests").asText(), json.path("errors").asText(),
                json.path("inputTokens").asText(), json.path("outputTokens").asText(),
                json.path("costUsd").decimalValue().setScale(8).toPlainString());
    }

    private static List<RequestLog> rows(String prefix, int count, Instant at, String accountId, String model) {
        List<RequestLog> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row(prefix + "-" + i, at.minusMillis(i), accountId, model, i % 4 == 3 ? 429 : 200));
        }
        return rows;
    }

    private static RequestLog row(String requestId, Instant at, String accountId, String model, int status) {
        return new RequestLog().setRequestId(requestId).setRequestedAt(at).setAccountId(accountId)
                .setRoute("/backend-api/codex/responses").setModel(model).setTransport("http")
                .setInputTokens(1200L).setCachedInputTokens(200L).setOutputTokens(300L).setReasoningTokens(40L)
                .setLatencyMs(850).setFirstTokenMs(240L).setStatusCode(status)
                .setStatus(status >= 400 ? "error" : "success")
                .setErrorCode(status >= 400 ? "usage_limit_reached" : null)
                .setCostUsd(new BigDecimal("0.0012"));
    }
}
