package io.codexpool.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what Codex Pool adds over talking to the backend directly: starts a lean fake backend and the packaged
 * service (real MariaDB, several accounts), drives the same streams at both, alternating, at each concurrency, then
 * prices idle open streams and relayed events. Prints one Markdown report and writes it to
 * {@code <workDir>/results.md}. Every wait is bounded; everything listens on 127.0.0.1 and stops at the end.
 *
 * <p>Run with {@code mvn -B -DskipTests -Pbenchmark package}; knobs in {@link BenchmarkOptions}.
 */
public final class BenchmarkMain {
    /** Steady streams at both targets before anything is measured, after {@link JitWarmUp}. */
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final int WARM_UP_STREAMS = 64;
    private static final int JIT_WARM_UP_STREAMS = 15_000;
    private static final int JIT_WARM_UP_CONCURRENCY = 4;
    private static final Duration LOG_WRITER_QUIET = Duration.ofSeconds(15);

    private final BenchmarkOptions options;
    private long proxiedSent;
    private long storedRowsSoFar;
    private long failedRowsSoFar;

    private BenchmarkMain(BenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.fromSystemProperties();
        Files.createDirectories(options.workDir());
        String report = new BenchmarkMain(options).run();
        System.out.println(report);
        Files.writeString(options.workDir().resolve("results.md"), report);
    }

    private String run() throws Exception {
        String header = MachineDescription.header(options);
        try (BenchmarkDatabase db = new BenchmarkDatabase();
             BenchmarkUpstream upstream = new BenchmarkUpstream(options.eventDelay());
             PoolProcess pool = PoolProcess.start(options.poolJar(), options.workDir(), db, upstream.baseUrl(),
                     options.poolJvmOptions());
             StreamClient direct = new StreamClient(upstream.baseUrl(), options.historyKiB());
             StreamClient proxied = new StreamClient(pool.baseUrl(), options.historyKiB())) {
            pool.awaitReady(Duration.ofMinutes(2));
            pool.importAccounts(options.accounts());
            proxiedSent += awaitFirstProxiedStream(proxied);
            log("warming up the JIT: " + JIT_WARM_UP_STREAMS + " short streams each, direct and proxied");
            JitWarmUp.run(direct, JIT_WARM_UP_STREAMS, JIT_WARM_UP_CONCURRENCY);
            proxiedSent += JitWarmUp.run(proxied, JIT_WARM_UP_STREAMS, JIT_WARM_UP_CONCURRENCY);
            log("warming up");
            LoadRound load = new LoadRound(options.largeEvery());
            load.run(direct, WARM_UP_STREAMS, WARM_UP);
            proxiedSent += load.run(proxied, WARM_UP_STREAMS, WARM_UP).sent();
            // Right after the warm-up, before the load levels grow the heap the JVM commits, so that resident
            // memory still shows what the idle streams add.
            log(options.idleStreams() + " idle streams");
            IdleStreamsProbe.Result idle = IdleStreamsProbe.run(proxied, upstream, pool, options.idleStreams());
            proxiedSent += idle.streams();
            storedRowsSoFar = db.awaitRequestLogs(proxiedSent, LOG_WRITER_QUIET);
            failedRowsSoFar = db.countFailedRequestLogs();
            List<LevelResult> levels = new ArrayList<>();
            for (int concurrency : options.levels()) {
                levels.add(level(load, direct, proxied, concurrency, db));
            }
            log("relay cost per event");
            RelayOverheadProbe.Result relay = RelayOverheadProbe.run(direct, proxied, options.burstEvents());
            proxiedSent += relay.proxiedSent();
            long stored = db.awaitRequestLogs(proxiedSent, LOG_WRITER_QUIET);
            String totals = String.format("%nRequest-log rows over the whole run: %d stored for %d proxied requests."
                    + "%n", stored, proxiedSent);
            return new BenchmarkReport(header, levels, idle, relay).render() + totals;
        }
    }

    private LevelResult level(LoadRound load, StreamClient direct, StreamClient proxied, int concurrency,
                              BenchmarkDatabase db) throws InterruptedException {
        List<RoundResult> directRounds = new ArrayList<>();
        List<RoundResult> proxiedRounds = new ArrayList<>();
        long sentBefore = proxiedSent;
        for (int round = 1; round <= options.rounds(); round++) {
            log("concurrency " + concurrency + ", round " + round + " direct");
            directRounds.add(load.run(direct, concurrency, options.roundTime()));
            log("concurrency " + concurrency + ", round " + round + " proxied");
            RoundResult result = load.run(proxied, concurrency, options.roundTime());
            proxiedRounds.add(result);
            proxiedSent += result.sent();
        }
        long stored = db.awaitRequestLogs(proxiedSent, LOG_WRITER_QUIET);
        long failedRows = db.countFailedRequestLogs();
        LevelResult result = new LevelResult(concurrency, RoundResult.merge(directRounds),
                RoundResult.merge(proxiedRounds), proxiedSent - sentBefore, stored - storedRowsSoFar,
                failedRows - failedRowsSoFar);
        storedRowsSoFar = stored;
        failedRowsSoFar = failedRows;
        return result;
    }

    /**
     * Accounts reach the proxy's memory on its next refresh; until then it answers 503.
     *
     * @return the streams it took, each of which has a request-log row
     */
    static int awaitFirstProxiedStream(StreamClient proxied) throws InterruptedException {
        int bytes = StreamShape.totalBytes(StreamShape.NORMAL.events());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int sent = 0;
        while (System.nanoTime() < deadline) {
            sent++;
            if (proxied.stream("normal", bytes, Duration.ofSeconds(10)).ok()) {
                return sent;
            }
            Thread.sleep(250); // polling a deadline-bounded wait for the accounts refresh
        }
        throw new IllegalStateException("no proxied stream succeeded within 30 s");
    }

    private static void log(String step) {
        System.err.println(ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + " benchmark: " + step);
    }
}
