package io.codexpool.persistence.requestlogs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Free-text search of the request-log list through its search index, on a real MariaDB. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class RequestLogSearchTest {
    private static final Instant NOW = Instant.now();

    @Inject
    RequestLogSearch search;
    @Inject
    RequestLogRepository requestLogs;

    @BeforeEach
    void rows() throws Exception {
        TestDatabase.update("DELETE FROM request_logs");
        TestDatabase.update("INSERT IGNORE INTO accounts (id, email, status, created_at) VALUES"
                + " ('acc-search', 'Search.Person@Example.com', 'active', UTC_TIMESTAMP(6))");
        List<RequestLog> rows = new ArrayList<>();
        rows.add(row("req-Alpha-7f3e", 1).setModel("gpt-5.4-mini"));
        rows.add(row("req-beta", 2).setAccountId("acc-search").setAccountEmail("Search.Person@Example.com"));
        rows.add(row("req-gamma", 3).setStatusCode(429).setStatus("error").setErrorCode("usage_limit_reached")
                .setErrorMessage("The usage limit was reached"));
        rows.add(row("req-delta", 4).setStatusCode(502).setStatus("error").setErrorCode("upstream_error")
                .setErrorMessage("Upstream said 50% of_it Failed"));
        rows.add(row("req-epsilon", 5));
        rows.add(row("req-old-Alpha", 30 * 3600)); // outside the last 24 hours
        requestLogs.insertAll(rows);
    }

    @Test
    void freeTextMatchesASubstringOfEachSearchedColumnIgnoringCaseAndOnlyWithinTheTimeRange() {
        assertEquals(Set.of("req-Alpha-7f3e"), find("ALPHA-7"), "request id, middle of it, other case");
        assertEquals(Set.of("req-Alpha-7f3e"), find("5.4-MI"), "model");
        assertEquals(Set.of("req-beta"), find("person@example"), "account email");
        assertEquals(Set.of("req-gamma"), find("limit_reach"), "error code");
        assertEquals(Set.of("req-gamma"), find("usage limit was"), "error message");
        assertEquals(Set.of("req-delta"), find("failed"), "error message, other case");
        assertEquals(Set.of("req-delta"), find("50% of_"), "% and _ are literal");
        assertEquals(Set.of(), find("5%o"), "% does not match any text");
        assertEquals(Set.of("req-Alpha-7f3e", "req-beta", "req-gamma", "req-delta", "req-epsilon"), find("Q-"),
                "a short term matches a substring too");
        assertEquals(Set.of("req-Alpha-7f3e"), find("alpha"), "the older row is outside the 24 hours");
        RequestLogFilter wide = new RequestLogFilter(null, null, null, NOW.minus(Duration.ofDays(3)), null, "alpha",
                null);
        assertEquals(Set.of("req-Alpha-7f3e", "req-old-Alpha"), ids(search.older(wide, null, 50)),
                "a wider range reaches it");
        assertEquals(new RequestLogSearch.Count(1, true), search.count(filter("usage limit"), 100));
    }

    @Test
    void freeTextCombinesWithAnEqualityFilterAndPagesNewestFirst() {
        RequestLogFilter errors = new RequestLogFilter(null, null, "error", null, null, "req-", null)
                .withSearchWindow(NOW);
        assertEquals(List.of("req-gamma", "req-delta"), search.older(errors, null, 50).stream()
                .map(RequestLog::getRequestId).toList());
        RequestLogFilter all = filter("req-");
        List<RequestLog> first = search.older(all, null, 2);
        List<RequestLog> second = search.older(all, LogPosition.of(first.getLast()), 2);
        List<RequestLog> back = search.newer(all, LogPosition.of(second.getFirst()), 2);
        assertEquals(List.of("req-Alpha-7f3e", "req-beta"), first.stream().map(RequestLog::getRequestId).toList());
        assertEquals(List.of("req-gamma", "req-delta"), second.stream().map(RequestLog::getRequestId).toList());
        assertEquals(first.stream().map(RequestLog::getRequestId).toList(),
                back.stream().map(RequestLog::getRequestId).toList());
    }

    @Test
    void freeTextTestsTheTextOnSearchIndexEntriesBeforeReadingRows() {
        long before = icpAttempts();
        assertTrue(find("nothing matches this").isEmpty());
        // index condition pushdown ran on the window's entries (at least five; other suites may add more)
        assertTrue(icpAttempts() - before >= 5, "the search read its index with index condition pushdown");
    }

    private static long icpAttempts() {
        return Long.parseLong(TestDatabase.column("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                + " WHERE VARIABLE_NAME = 'HANDLER_ICP_ATTEMPTS'").getFirst().toString());
    }

    private Set<String> find(String text) {
        return ids(search.older(filter(text), null, 50));
    }

    private static RequestLogFilter filter(String text) {
        return new RequestLogFilter(null, null, null, null, null, text, null).withSearchWindow(NOW);
    }

    private static Set<String> ids(List<RequestLog> rows) {
        return rows.stream().map(RequestLog::getRequestId).collect(Collectors.toSet());
    }

    private static RequestLog row(String requestId, long secondsAgo) {
        return new RequestLog().setRequestId(requestId).setRequestedAt(NOW.minusSeconds(secondsAgo))
                .setRoute("/backend-api/codex/responses").setModel("gpt-5.2").setTransport("http").setLatencyMs(100L)
                .setStatusCode(200).setStatus("success");
    }
}
