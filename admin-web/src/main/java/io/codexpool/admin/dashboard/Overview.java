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
import io.codexpool.persistence.history.RequestHistory;
import io.codexpool.persistence.requestlogs.LatencyHistogram;
import io.codexpool.persistence.requestlogs.RequestBucket;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogSearch;
import io.codexpool.persistence.requestlogs.RequestTotals;
import io.codexpool.proxy.accounts.PlanCapacity;
import io.codexpool.proxy.routing.AccountForecast;
import io.codexpool.proxy.routing.Forecasts;
import io.codexpool.proxy.routing.PoolForecast;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Everything the dashboard and {@code GET /api/admin/overview} show, computed from the database on each call: request
 * numbers from the hourly rollups (plus the rows not rolled up yet), never from a scan of the raw rows. "Last 24 h"
 * is the current hour and the 23 before it, "last 7 days" the current hour and the 167 before it. The usage
 * forecasts come from the routing's memory.
 */
@ApplicationScoped
public class Overview {
    private final AccountQueries accounts;
    private final RequestHistory history;
    private final RequestLogSearch logs;
    private final Forecasts forecasts;

    @Inject
    public Overview(AccountQueries accounts, RequestHistory history, RequestLogSearch logs, Forecasts forecasts) {
        this.accounts = accounts;
        this.history = history;
        this.logs = logs;
        this.forecasts = forecasts;
    }

    /**
     * @param forecasts each account's forecast (its tightest window) by account id
     * @param poolForecast the pool's 5-hour, weekly and tightest window forecasts
     */
    public record Snapshot(PoolWindow primary, PoolWindow secondary, List<AccountView> accounts,
                           RequestTotals last24h, RequestTotals last7d, BarChart chart24h, BarChart chart7d,
                           List<RequestLog> recent, Map<String, ForecastView> forecasts, PoolForecasts poolForecast) {
    }

    /** The pool's forecast per window, and the one to tell first. */
    public record PoolForecasts(ForecastView primary, ForecastView secondary, ForecastView tightest) {
        static PoolForecasts of(PoolForecast pool) {
            return new PoolForecasts(ForecastView.of(pool.primary()), ForecastView.of(pool.secondary()),
                    ForecastView.of(new AccountForecast(pool.primary(), pool.secondary()).tightest()));
        }
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
                logs.older(RequestLogFilter.ANY, null, 20),
                accountForecasts(all),
                PoolForecasts.of(forecasts.pool()));
    }

    private Map<String, ForecastView> accountForecasts(List<AccountView> all) {
        Map<String, ForecastView> byId = new LinkedHashMap<>();
        for (AccountView account : all) {
            byId.put(account.id(), ForecastView.of(forecasts.account(account.id())
                    .map(AccountForecast::tightest).orElse(null)));
        }
        return byId;
    }

    public static Map<String, Object> json(Snapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("primary", window(snapshot.primary(), snapshot.poolForecast().primary()));
        pool.put("secondary", window(snapshot.secondary(), snapshot.poolForecast().secondary()));
        pool.put("forecast", snapshot.poolForecast().tightest().json());
        json.put("pool", pool);
        json.put("accounts", snapshot.accounts().stream().map(account -> {
            Map<String, Object> withForecast = new LinkedHashMap<>(account.json());
            withForecast.put("forecast", snapshot.forecasts().get(account.id()).json());
            return withForecast;
        }).toList());
        json.put("last24h", totals(snapshot.last24h()));
        json.put("last7d", totals(snapshot.last7d()));
        json.put("recentRequests", snapshot.recent().stream().map(RequestLogView::json).toList());
        return json;
    }

    private static Map<String, Object> window(PoolWindow window, ForecastView forecast) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("remainingPercent", Math.round(window.remainingPercent() * 100) / 100.0);
        json.put("earliestResetAt", window.earliestReset() == null ? null : window.earliestReset().toString());
        json.put("accounts", window.accounts());
        json.put("forecast", forecast.json());
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
