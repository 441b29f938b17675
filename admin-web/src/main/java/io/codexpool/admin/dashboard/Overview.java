package io.codexpool.admin.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.accounts.AccountQueries;
import io.codexpool.admin.accounts.AccountView;
import io.codexpool.admin.requestlogs.RequestLogView;
import io.codexpool.persistence.history.LatencyHistogram;
import io.codexpool.persistence.history.RequestHistory;
import io.codexpool.persistence.requestlogs.RequestBucket;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogSearch;
import io.codexpool.persistence.requestlogs.RequestTotals;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Everything the dashboard and {@code GET /api/admin/overview} show, computed from the database on each call: request
 * numbers from the hourly rollups (plus the rows not rolled up yet), never from a scan of the raw rows. "Last 24 h"
 * is the current hour and the 23 before it, "last 7 days" the current hour and the 167 before it.
 */
@ApplicationScoped
public class Overview {
    private final AccountQueries accounts;
    private final RequestHistory history;
    private final RequestLogSearch logs;

    @Inject
    public Overview(AccountQueries accounts, RequestHistory history, RequestLogSearch logs) {
        this.accounts = accounts;
        this.history = history;
        this.logs = logs;
    }

    public record Snapshot(PoolWindow primary, PoolWindow secondary, List<AccountView> accounts,
                           RequestTotals last24h, RequestTotals last7d, BarChart chart24h, BarChart chart7d,
                           List<RequestLog> recent) {
    }

    public Snapshot snapshot() {
        Instant now = Instant.now();
        List<AccountView> all = accounts.list(null, null);
        List<AccountView> usable = all.stream()
                .filter(a -> !a.status().equals("paused") && !a.status().equals("deactivated")).toList();
        // From the start of the oldest day the 7-day chart shows, which also covers the 24-hour chart.
        List<RequestBucket> week = history.perHour(now.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.DAYS));
        Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
        return new Snapshot(
                PoolWindow.of(usable, AccountView::primary, PlanCapacity::primary, now),
                PoolWindow.of(usable, AccountView::secondary, PlanCapacity::secondary, now),
                all,
                history.totals(null, thisHour.minus(Duration.ofHours(23))),
                history.totals(null, thisHour.minus(Duration.ofDays(7).minusHours(1))),
                BarChart.of(week, now, 24, Duration.ofHours(1), "Requests per hour, last 24 h"),
                BarChart.of(week, now, 7, Duration.ofDays(1), "Requests per day, last 7 days"),
                logs.older(RequestLogFilter.ANY, null, 20));
    }

    public static Map<String, Object> json(Snapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pool", Map.of("primary", window(snapshot.primary()), "secondary", window(snapshot.secondary())));
        json.put("accounts", snapshot.accounts().stream().map(AccountView::json).toList());
        json.put("last24h", totals(snapshot.last24h()));
        json.put("last7d", totals(snapshot.last7d()));
        json.put("recentRequests", snapshot.recent().stream().map(RequestLogView::json).toList());
        return json;
    }

    private static Map<String, Object> window(PoolWindow window) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("remainingPercent", Math.round(window.remainingPercent() * 100) / 100.0);
        json.put("earliestResetAt", window.earliestReset() == null ? null : window.earliestReset().toString());
        json.put("accounts", window.accounts());
        return json;
    }

    private static Map<String, Object> totals(RequestTotals totals) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", totals.requests());
        json.put("errors", totals.errors());
        json.put("errorRate", totals.errorRate());
        json.put("inputTokens", totals.inputTokens());
        json.put("cachedInputTokens", totals.cachedInputTokens());
        json.put("outputTokens", totals.outputTokens());
        json.put("reasoningTokens", totals.reasoningTokens());
        json.put("costUsd", totals.costUsd());
        json.put("latencyMs", percentiles(totals.latency()));
        json.put("firstTokenMs", percentiles(totals.firstToken()));
        return json;
    }

    /** p50 and p95 estimated from the rollups' buckets (null without requests). */
    private static Map<String, Object> percentiles(LatencyHistogram histogram) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("p50", histogram.percentile(0.5));
        json.put("p95", histogram.percentile(0.95));
        return json;
    }
}
