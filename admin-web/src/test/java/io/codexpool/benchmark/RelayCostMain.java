package io.codexpool.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The relay's cost when the stream itself costs nothing (issue 18): streams of {@value #EVENTS} events sent without
 * delay, against the lean fake directly, through nginx (the reference reverse proxy) and through Codex Pool, in the
 * same run, alternating per round. Per concurrency level it reports the added time to first byte, throughput as a
 * share of direct, and the CPU time each proxy process used per stream ({@code /proc/<pid>/stat}). Writes
 * {@code <workDir>/relay-cost.md}.
 *
 * <p>Run with {@code mvn -B -DskipTests -Pbenchmark package -Dbench.main=io.codexpool.benchmark.RelayCostMain
 * -Dbench.levels=1,64}.
 */
public final class RelayCostMain {
    /** created, 13 deltas, completed. */
    static final int EVENTS = 15;
    private static final int JIT_WARM_UP_STREAMS = 15_000;
    private static final int JIT_WARM_UP_CONCURRENCY = 4;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration LOG_WRITER_QUIET = Duration.ofSeconds(15);

    private final BenchmarkOptions options;
    private long proxiedSent;

    private RelayCostMain(BenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.fromSystemProperties();
        Files.createDirectories(options.workDir());
        String report = new RelayCostMain(options).run();
        System.out.println(report);
        Files.writeString(options.workDir().resolve("relay-cost.md"), report);
    }

    private String run() throws Exception {
        String header = MachineDescription.relayHeader(options, EVENTS);
        try (BenchmarkDatabase db = new BenchmarkDatabase();
             BenchmarkUpstream upstream = new BenchmarkUpstream(Duration.ZERO);
             PoolProcess pool = PoolProcess.start(options.poolJar(), options.workDir(), db, upstream.baseUrl(),
                     options.poolJvmOptions());
             StreamClient direct = new StreamClient(upstream.baseUrl(), options.historyKiB());
             StreamClient proxied = new StreamClient(pool.baseUrl(), options.historyKiB())) {
            Optional<NginxProxy> nginx = NginxProxy.start(options.workDir(), upstream.port());
            try (StreamClient viaNginx = nginx.map(n -> new StreamClient(n.baseUrl(), options.historyKiB()))
                    .orElse(null)) {
                pool.awaitReady(Duration.ofMinutes(2));
                pool.importAccounts(options.accounts());
                proxiedSent += BenchmarkMain.awaitFirstProxiedStream(proxied);
                log("warming up the JIT: " + JIT_WARM_UP_STREAMS + " short streams each, direct and proxied");
                JitWarmUp.run(direct, JIT_WARM_UP_STREAMS, JIT_WARM_UP_CONCURRENCY);
                proxiedSent += JitWarmUp.run(proxied, JIT_WARM_UP_STREAMS, JIT_WARM_UP_CONCURRENCY);
                LoadRound load = LoadRound.bursts(EVENTS);
                log("warming up");
                load.run(direct, 64, WARM_UP);
                if (viaNginx != null) {
                    load.run(viaNginx, 64, WARM_UP);
                }
                proxiedSent += load.run(proxied, 64, WARM_UP).sent();
                long stored = db.awaitRequestLogs(proxiedSent, LOG_WRITER_QUIET);
                long failed = db.countFailedRequestLogs();
                List<RelayCostReport.Level> levels = new ArrayList<>();
                for (int concurrency : options.levels()) {
                    Targets targets = new Targets(direct, viaNginx, proxied, nginx.map(NginxProxy::pid).orElse(0L),
                            pool.pid());
                    RelayCostReport.Level level = level(load, targets, concurrency, db, stored, failed);
                    stored += level.logRowsStored();
                    failed += level.failedLogRows();
                    levels.add(level);
                }
                return new RelayCostReport(header, levels, nginx.isPresent()).render() + "\nLoad average at the end: "
                        + MachineDescription.loadAverage() + "\n";
            } finally {
                if (nginx.isPresent()) {
                    nginx.get().close();
                }
            }
        }
    }

    private record Targets(StreamClient direct, StreamClient nginx, StreamClient pool, long nginxPid, long poolPid) {
    }

    private RelayCostReport.Level level(LoadRound load, Targets targets, int concurrency, BenchmarkDatabase db,
                                        long storedBefore, long failedBefore) throws InterruptedException {
        List<RoundResult> direct = new ArrayList<>();
        List<RoundResult> nginx = new ArrayList<>();
        List<RoundResult> pool = new ArrayList<>();
        long nginxCpu = 0;
        long poolCpu = 0;
        long poolIdleCpu = 0;
        long sentBefore = proxiedSent;
        for (int round = 1; round <= options.rounds(); round++) {
            log("concurrency " + concurrency + ", round " + round);
            long idleBefore = ProcessCpu.nanos(targets.poolPid(), false);
            direct.add(load.run(targets.direct(), concurrency, options.roundTime()));
            poolIdleCpu += ProcessCpu.nanos(targets.poolPid(), false) - idleBefore;
            if (targets.nginx() != null) {
                long before = ProcessCpu.nanos(targets.nginxPid(), true);
                nginx.add(load.run(targets.nginx(), concurrency, options.roundTime()));
                nginxCpu += ProcessCpu.nanos(targets.nginxPid(), true) - before;
            }
            long before = ProcessCpu.nanos(targets.poolPid(), false);
            RoundResult result = load.run(targets.pool(), concurrency, options.roundTime());
            poolCpu += ProcessCpu.nanos(targets.poolPid(), false) - before;
            pool.add(result);
            proxiedSent += result.sent();
        }
        long stored = db.awaitRequestLogs(proxiedSent, LOG_WRITER_QUIET);
        long failed = db.countFailedRequestLogs();
        RoundResult directResult = RoundResult.merge(direct);
        return new RelayCostReport.Level(concurrency, directResult,
                nginx.isEmpty() ? null : RoundResult.merge(nginx), RoundResult.merge(pool), nginxCpu, poolCpu,
                poolIdleCpu * 1e9 / directResult.elapsedNanos(), proxiedSent - sentBefore, stored - storedBefore,
                failed - failedBefore);
    }

    private static void log(String step) {
        System.err.println(ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + " relay cost: " + step);
    }
}
