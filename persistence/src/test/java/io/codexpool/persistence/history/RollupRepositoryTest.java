package io.codexpool.persistence.history;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.requestlogs.RequestTotals;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hourly rollups against the raw request-log rows they sum, on a real MariaDB. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class RollupRepositoryTest {
    /** Raw rows summed the way the rollups sum them, per hour, account, model and status class. */
    private static final String RAW_GROUPS = """
            SELECT CONCAT_WS('|', DATE_FORMAT(requested_at, '%Y-%m-%d %H'), COALESCE(account_id, ''),
                COALESCE(model, ''), status_code DIV 100, COUNT(*), SUM(status_code >= 400),
                SUM(COALESCE(input_tokens, 0)), SUM(COALESCE(cached_input_tokens, 0)), SUM(COALESCE(output_tokens, 0)),
                SUM(COALESCE(reasoning_tokens, 0)), SUM(COALESCE(cost_usd, 0)), SUM(latency_ms))
            FROM request_logs GROUP BY DATE_FORMAT(requested_at, '%Y-%m-%d %H'), account_id, model,
                status_code DIV 100 ORDER BY 1""";
    private static final String ROLLUP_GROUPS = """
            SELECT CONCAT_WS('|', DATE_FORMAT(hour, '%Y-%m-%d %H'), account_id, model, status_class, SUM(requests),
                SUM(errors), SUM(input_tokens), SUM(cached_input_tokens), SUM(output_tokens), SUM(reasoning_tokens),
                SUM(cost_usd), SUM(latency_ms_sum))
            FROM request_log_rollups GROUP BY hour, account_id, model, status_class ORDER BY 1""";

    @Inject
    RollupRepository rollups;
    @Inject
    RequestLogRepository requestLogs;
    @Inject
    RequestHistory history;

    @BeforeEach
    void empty() {
        TestDatabase.update("DELETE FROM request_logs");
        TestDatabase.update("DELETE FROM request_log_rollups");
        TestDatabase.update("UPDATE rollup_progress SET rolled_up_to = 0, candidate_id = NULL,"
                + " candidate_seen_at = NULL");
        TestDatabase.update("INSERT IGNORE INTO accounts (id, email, status, created_at) VALUES"
                + " ('acc-a', 'a@example.com', 'active', UTC_TIMESTAMP(6)),"
                + " ('acc-b', 'b@example.com', 'active', UTC_TIMESTAMP(6))");
    }

    @Test
    void rollupsEqualTheRawRowsAfterInsertsFromTwoReplicasAndTwoConcurrentRollupRunners() throws Exception {
        int batches = 20;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (String replica : List.of("replica-1", "replica-2")) {
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int b = 0; b < batches; b++) {
                        requestLogs.insertAll(rows(replica + "-" + b, 25, Instant.now()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get();
            }
            // Every row is committed now, so a zero margin is safe; tiny chunks make the two runners interleave.
            List<Future<Long>> runners = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                runners.add(pool.submit(() -> catchUp(Duration.ZERO, 7)));
            }
            long added = 0;
            for (Future<Long> runner : runners) {
                added += runner.get();
            }
            assertEquals(2 * batches * 25, added, "each row added by exactly one runner");
        }
        assertEquals(TestDatabase.column(RAW_GROUPS), TestDatabase.column(ROLLUP_GROUPS));
        assertEquals(newestId(), rollups.rolledUpTo());
    }

    @Test
    void aRowCommittedLateWithALowerIdIsCountedOnceItsMarginHasPassed() throws Exception {
        Instant now = Instant.now();
        try (Connection slowReplica = TestDatabase.current().connect()) {
            slowReplica.setAutoCommit(false);
            try (PreparedStatement insert = slowReplica.prepareStatement("INSERT INTO request_logs (request_id,"
                    + " requested_at, route, transport, latency_ms, status_code, status, input_tokens, cost_usd)"
                    + " VALUES ('late', UTC_TIMESTAMP(6), '/v1/responses', 'http', 700, 200, 'success', 999, 0.5)")) {
                insert.executeUpdate(); // draws its id now, commits later
            }
            requestLogs.insertAll(rows("fast", 30, now)); // higher ids, committed at once
            assertEquals(0, catchUp(Duration.ofMinutes(10), 1000), "the newest id is only a candidate yet");
            assertEquals(0, rollups.rolledUpTo());
            slowReplica.commit();
        }
        assertEquals(0, catchUp(Duration.ofMinutes(10), 1000), "still inside the margin");
        TestDatabase.update("UPDATE rollup_progress SET candidate_seen_at = candidate_seen_at - INTERVAL 11 MINUTE");
        assertEquals(31, catchUp(Duration.ofMinutes(10), 1000), "the late row and the fast ones");
        assertEquals(TestDatabase.column(RAW_GROUPS), TestDatabase.column(ROLLUP_GROUPS));
    }

    @Test
    void readersAddTheRowsNotRolledUpYetAndTotalsSurviveRetentionOfRawRows() throws Exception {
        Instant now = Instant.now();
        requestLogs.insertAll(rows("old", 40, now.minus(Duration.ofDays(3))));
        requestLogs.insertAll(rows("recent", 40, now.minus(Duration.ofHours(2))));
        catchUp(Duration.ZERO, 1000);
        requestLogs.insertAll(rows("newest", 15, now)); // not rolled up yet
        Instant weekAgo = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(7));
        RequestTotals before = history.totals(null, weekAgo);
        assertEquals(rawTotals(""), summary(before), "rollups plus the rows not rolled up yet");
        assertEquals(rawTotals(" WHERE account_id = 'acc-a'"), summary(history.totals("acc-a", null)), "one account");
        assertEquals(40 + 15, history.totals(null, now.minus(Duration.ofHours(3))).requests(), "a recent range");

        long rolledUpTo = rollups.rolledUpTo();
        Instant cutoff = now.minus(Duration.ofDays(1));
        assertEquals(7, requestLogs.deleteRolledUpBefore(cutoff, rolledUpTo, 7), "one small batch");
        while (requestLogs.deleteRolledUpBefore(cutoff, rolledUpTo, 7) > 0) {
            // the remaining old rows, batch by batch
        }
        assertEquals(List.of("newest|15", "recent|40"), TestDatabase.column("SELECT CONCAT_WS('|', prefix, COUNT(*))"
                + " FROM (SELECT SUBSTRING_INDEX(request_id, '-', 1) prefix FROM request_logs) t GROUP BY prefix"
                + " ORDER BY prefix"),
                "only the old rows went");
        assertEquals(summary(before), summary(history.totals(null, weekAgo)), "the rollups still count them");
        catchUp(Duration.ZERO, 1000);
        assertEquals(summary(before), summary(history.totals(null, weekAgo)), "once every row is rolled up too");
    }

    /** The raw rows' totals, as {@link #summary} writes them. */
    private static String rawTotals(String where) {
        return TestDatabase.column("SELECT CONCAT_WS('|', COUNT(*), SUM(status_code >= 400),"
                + " SUM(COALESCE(input_tokens, 0)), SUM(COALESCE(cached_input_tokens, 0)),"
                + " SUM(COALESCE(output_tokens, 0)), SUM(COALESCE(reasoning_tokens, 0)),"
                + " CAST(SUM(COALESCE(cost_usd, 0)) AS DECIMAL(24, 8))) FROM request_logs" + where).getFirst()
                .toString();
    }

    private static String summary(RequestTotals totals) {
        return String.join("|", String.valueOf(totals.requests()), String.valueOf(totals.errors()),
                String.valueOf(totals.inputTokens()), String.valueOf(totals.cachedInputTokens()),
                String.valueOf(totals.outputTokens()), String.valueOf(totals.reasoningTokens()),
                totals.costUsd().setScale(8).toPlainString());
    }

    /** Steps until a step finds nothing to add (the first step may only note a candidate). */
    private long catchUp(Duration margin, long chunk) throws Exception {
        RollupRepository.Step step = rollups.rollUpNext(margin, chunk);
        long rows = step.rows();
        do {
            step = rollups.rollUpNext(margin, chunk);
            rows += step.rows();
        } while (step.more() || step.rows() > 0);
        return rows;
    }

    private static long newestId() {
        return ((Number) TestDatabase.column("SELECT MAX(id) FROM request_logs").getFirst()).longValue();
    }

    /** {@code count} rows spread over two accounts (and none), three models and three status classes. */
    static List<RequestLog> rows(String prefix, int count, Instant at) {
        List<RequestLog> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int status = i % 5 == 0 ? 429 : i % 7 == 0 ? 502 : 200;
            rows.add(new RequestLog().setRequestId(prefix + "-" + i).setRequestedAt(at.minusMillis(i * 1000L))
                    .setAccountId(i % 3 == 0 ? null : i % 3 == 1 ? "acc-a" : "acc-b")
                    .setRoute("/backend-api/codex/responses").setModel(i % 4 == 0 ? null : "gpt-5." + (i % 3))
                    .setTransport("http").setInputTokens(i % 6 == 0 ? null : 1000L + i).setCachedInputTokens(100L)
                    .setOutputTokens(200L + i).setReasoningTokens(i % 2 == 0 ? null : 50L).setLatencyMs(30L * i)
                    .setFirstTokenMs(i % 5 == 0 ? null : 10L * i).setStatusCode(status)
                    .setStatus(status >= 400 ? "error" : "success")
                    .setCostUsd(i % 6 == 0 ? null : new BigDecimal("0.00012345").multiply(BigDecimal.valueOf(i))));
        }
        return rows;
    }
}
