package io.codexpool.benchmark;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.admin.testing.RequestLogSeeder;
import io.codexpool.admin.web.AdminClient;

/**
 * Request history at scale (issue 16): the packaged service on a fresh database holding {@code bench.historyRows}
 * request-log rows over {@code bench.historyDays} days (seeded with {@link RequestLogSeeder}); measures how long the
 * rollups take to catch up with them and with a further million rows, then the time of each admin page and API route
 * (sequential requests after a warm-up, p50 and p95) and proxied time to first byte (through the lean fake upstream
 * {@link BenchmarkUpstream}) with and without an admin reloading the dashboard in a loop. Prints a Markdown report and writes it to
 * {@code <workDir>/history-results.md}.
 *
 * <p>Run with {@code mvn -B -DskipTests -Pbenchmark package -Dbench.main=io.codexpool.benchmark.HistoryBenchmarkMain
 * -Dbench.historyRows=1000000 -Dbench.historyDays=30}.
 */
public final class HistoryBenchmarkMain {
    private static final int ACCOUNTS = 8;
    private static final int API_KEYS = 4;
    private static final int WARM_UP = 3;
    private static final int SAMPLES = 20;
    private static final int TTFB_WARM_UP_STREAMS = 500;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern OLDER = Pattern.compile("\"older\":\"([^\"]+)\"");

    private HistoryBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.fromSystemProperties();
        long rows = Long.getLong("bench.historyRows", 1_000_000);
        int days = Integer.getInteger("bench.historyDays", 30);
        long moreRows = Long.getLong("bench.historyMoreRows", 1_000_000);
        Files.createDirectories(options.workDir());
        StringBuilder report = new StringBuilder(MachineDescription.header(options));
        try (BenchmarkDatabase db = new BenchmarkDatabase();
             BenchmarkUpstream upstream = new BenchmarkUpstream(options.eventDelay());
             PoolProcess pool = PoolProcess.start(options.poolJar(), options.workDir(), db, upstream.baseUrl(),
                     options.poolJvmOptions());
             StreamClient proxied = new StreamClient(pool.baseUrl(), 0)) {
            pool.awaitReady(Duration.ofMinutes(5));
            pool.importAccounts(ACCOUNTS);
            AdminClient admin = new AdminClient(pool.root()).signIn();
            List<String> accountIds = new ArrayList<>();
            Matcher ids = ID.matcher(api(admin, "/api/admin/accounts"));
            while (ids.find()) {
                accountIds.add(ids.group(1));
            }
            List<String> keyIds = createKeys(admin);
            report.append("\n### ").append(String.format("%,d", rows)).append(" rows over ").append(days)
                    .append(" days\n\n");
            long seeded = seed(db, rows, days, accountIds, keyIds);
            report.append("- seeding: ").append(seconds(seeded)).append('\n');
            report.append("- rollups caught up with the seeded rows ")
                    .append(seconds(awaitRollups(db, Duration.ofMinutes(60)))).append(" after the seeding ended\n");
            String routes = routes(admin, accountIds.getFirst(), keyIds.getFirst());
            report.append(dashboardLoad(proxied, admin));
            // last, so that the routes above ran on the stated number of rows
            long more = seed(db, moreRows, days, accountIds, keyIds);
            report.append("- a further ").append(String.format("%,d", moreRows)).append(" rows (seeded in ")
                    .append(seconds(more))
                    .append("): rollups caught up ").append(seconds(awaitRollups(db, Duration.ofMinutes(30))))
                    .append(" after the seeding ended (the safety margin is 20 s, runs every 5 s)\n\n");
            report.append(routes);
        }
        System.out.println(report);
        Files.writeString(options.workDir().resolve("history-results.md"), report);
    }

    /** API keys made through the API, as an admin makes them; half the seeded rows carry one. */
    private static List<String> createKeys(AdminClient admin) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < API_KEYS; i++) {
            HttpResponse<String> created = admin.api("POST", "/api/admin/api-keys", "{\"name\":\"bench-" + i + "\"}");
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating an API key answered " + created.statusCode());
            }
            ids.add(matchOrFail(ID, created.body()));
        }
        return ids;
    }

    private static String routes(AdminClient admin, String accountId, String keyId) {
        String second = matchOrFail(OLDER, api(admin, "/api/admin/request-logs?limit=50"));
        // a page in the middle of the history, reached by a position as an "older" link carries it
        long middleMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now().minus(Duration.ofDays(10)));
        String deep = middleMicros + "-" + Long.MAX_VALUE / 2;
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("dashboard `/admin`", "/admin");
        routes.put("`GET /api/admin/overview`", "/api/admin/overview");
        routes.put("account page", "/admin/accounts/" + accountId);
        routes.put("API key page", "/admin/api-keys/" + keyId);
        routes.put("request logs, first page", "/admin/request-logs");
        routes.put("request logs API, first page (`limit=50`)", "/api/admin/request-logs?limit=50");
        routes.put("request logs, second page", "/admin/request-logs?before=" + second);
        routes.put("request logs, a page 10 days back", "/admin/request-logs?before=" + deep);
        routes.put("filter: account", "/admin/request-logs?account=" + accountId);
        routes.put("filter: account, 10 days back", "/admin/request-logs?account=" + accountId + "&before=" + deep);
        routes.put("filter: model", "/admin/request-logs?model=gpt-5.2");
        routes.put("filter: status error", "/admin/request-logs?status=error");
        routes.put("filter: status 502 (0.5 %)", "/admin/request-logs?status=502");
        Instant hour = Instant.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS);
        routes.put("filter: time range (one hour, 5 days ago)", "/admin/request-logs?from="
                + URLEncoder.encode(hour.toString(), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(hour.plusSeconds(3600).toString(), StandardCharsets.UTF_8));
        routes.put("free text over 24 h, no match", "/admin/request-logs?q=nothing-matches-this");
        routes.put("free text over 24 h, rare match", "/admin/request-logs?q=seeded+failure+1234");
        StringBuilder table = new StringBuilder("| page / route | p50 | p95 |\n|---|---|---|\n");
        for (Map.Entry<String, String> route : routes.entrySet()) {
            long[] times = time(admin, route.getValue());
            table.append("| ").append(route.getKey()).append(" | ").append(millis(times[times.length / 2]))
                    .append(" | ").append(millis(times[(int) Math.ceil(times.length * 0.95) - 1])).append(" |\n");
            System.out.println(route.getKey() + ": p50 " + millis(times[times.length / 2]));
        }
        return table.toString();
    }

    /** Proxied TTFB with and without an admin reloading the dashboard, on the history as seeded. */
    private static String dashboardLoad(StreamClient proxied, AdminClient admin) throws InterruptedException {
        BenchmarkMain.awaitFirstProxiedStream(proxied);
        JitWarmUp.run(proxied, TTFB_WARM_UP_STREAMS, 1);
        DashboardLoadProbe.Result result = DashboardLoadProbe.run(proxied, admin);
        return String.format("- proxied TTFB p50 (%d sequential streams, rounds alternating): %.2f ms quiet, %.2f ms"
                        + " while the dashboard was reloaded in a loop (%+.2f ms; %d loads, %.0f ms each on"
                        + " average)%n", result.streams(), result.quietP50Nanos() / 1e6,
                result.loadedP50Nanos() / 1e6, (result.loadedP50Nanos() - result.quietP50Nanos()) / 1e6,
                result.loads(), result.loads() == 0 ? 0.0 : result.loadNanos() / 1e6 / result.loads());
    }

    private static long[] time(AdminClient admin, String path) {
        for (int i = 0; i < WARM_UP; i++) {
            check(admin.get(path), path);
        }
        long[] times = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long started = System.nanoTime();
            check(admin.get(path), path);
            times[i] = System.nanoTime() - started;
        }
        Arrays.sort(times);
        return times;
    }

    private static String api(AdminClient admin, String path) {
        return check(admin.get(path), path).body();
    }

    private static HttpResponse<String> check(HttpResponse<String> response, String path) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        return response;
    }

    private static String matchOrFail(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    private static long seed(BenchmarkDatabase db, long rows, int days, List<String> accountIds, List<String> keyIds)
            throws Exception {
        System.out.println("seeding " + rows + " rows");
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            RequestLogSeeder.seed(connection, rows, days, accountIds, keyIds);
        }
        return System.nanoTime() - started;
    }

    /** Nanoseconds until the rollups have counted every row there is now; polls every half second. */
    private static long awaitRollups(BenchmarkDatabase db, Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        long newest = db.count("SELECT COALESCE(MAX(id), 0) FROM request_logs");
        while (rolledUpTo(db) < newest) {
            if (System.nanoTime() - started > limit.toNanos()) {
                throw new IllegalStateException("rollups did not catch up within " + limit);
            }
            Thread.sleep(500); // polling a bounded wait on another process's progress
        }
        return System.nanoTime() - started;
    }

    /** The rollups' progress; 0 when the shared server refuses a connection for a moment (others' tests). */
    private static long rolledUpTo(BenchmarkDatabase db) {
        try {
            return db.count("SELECT rolled_up_to FROM rollup_progress");
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    private static String millis(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }
}
