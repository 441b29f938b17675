package io.codexpool.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The relay-cost run as Markdown: per level, direct / nginx / Codex Pool side by side, then issue 18's targets. */
final class RelayCostReport {
    /**
     * One concurrency level: the three targets' streams, the CPU each proxy process used during its own rounds, and
     * the service's CPU per second while only the direct rounds ran (its background: jobs, polls, GC).
     */
    record Level(int concurrency, RoundResult direct, RoundResult nginx, RoundResult pool, long nginxCpuNanos,
                 long poolCpuNanos, double poolIdleCpuNanosPerSecond, long logRowsExpected, long logRowsStored,
                 long failedLogRows) {
        double added(RoundResult proxy, double percentile) {
            return proxy.ttfbMillis(percentile) - direct.ttfbMillis(percentile);
        }

        double share(RoundResult proxy) {
            return proxy.streamsPerSecond() / direct.streamsPerSecond();
        }

        double poolCpuMillisPerStream() {
            return poolCpuNanos / 1e6 / Math.max(1, pool.sent());
        }

        double nginxCpuMillisPerStream() {
            return nginx == null ? Double.NaN : nginxCpuNanos / 1e6 / Math.max(1, nginx.sent());
        }

        int errors() {
            return direct.errors() + pool.errors() + (nginx == null ? 0 : nginx.errors());
        }

        long lostLogRows() {
            return logRowsExpected - logRowsStored;
        }
    }

    private final String header;
    private final List<Level> levels;
    private final boolean withNginx;

    RelayCostReport(String header, List<Level> levels, boolean withNginx) {
        this.header = header;
        this.levels = levels;
        this.withNginx = withNginx;
    }

    String render() {
        StringBuilder out = new StringBuilder(header).append("\n\n");
        out.append("| streams | TTFB p50 direct / nginx / pool | added TTFB p50 nginx / pool | added TTFB p99 nginx / pool "
                + "| streams/s direct / nginx / pool | throughput vs direct nginx / pool "
                + "| CPU ms per stream nginx / pool | pool CPU idle | errors | log rows stored / sent |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Level l : levels) {
            RoundResult n = withNginx ? l.nginx() : null;
            out.append(format("| %d | %.2f / %s / %.2f | %s / %+.2f | %s / %+.2f | %.0f / %s / %.0f | %s / %.0f %% "
                            + "| %s / %.2f | %.0f ms/s | %d | %d / %d |\n",
                    l.concurrency(), l.direct().ttfbMillis(50), n == null ? "–" : format("%.2f", n.ttfbMillis(50)),
                    l.pool().ttfbMillis(50), n == null ? "–" : format("%+.2f", l.added(n, 50)), l.added(l.pool(), 50),
                    n == null ? "–" : format("%+.2f", l.added(n, 99)), l.added(l.pool(), 99),
                    l.direct().streamsPerSecond(), n == null ? "–" : format("%.0f", n.streamsPerSecond()),
                    l.pool().streamsPerSecond(), n == null ? "–" : format("%.0f %%", 100 * l.share(n)),
                    100 * l.share(l.pool()), n == null ? "–" : format("%.3f", l.nginxCpuMillisPerStream()),
                    l.poolCpuMillisPerStream(), l.poolIdleCpuNanosPerSecond() / 1e6, l.errors(), l.logRowsStored(),
                    l.logRowsExpected()));
        }
        out.append("\nTimes in milliseconds. CPU is user + system time of the process (nginx: its workers) during its"
                + " own rounds, divided by its streams; \"pool CPU idle\" is the service's CPU per second during the"
                + " direct rounds, when it relays nothing. The database's CPU is not included.")
                .append(errorSamples()).append("\n\n").append(targets());
        return out.toString();
    }

    private String targets() {
        StringBuilder out = new StringBuilder("Targets (issue 18):\n\n");
        out.append(level(64).map(l -> target(l.share(l.pool()) >= 0.5,
                format("throughput at 64 ≥ 50 %% of direct: %.0f %%", 100 * l.share(l.pool()))))
                .orElse("- throughput at 64: not measured\n"));
        out.append(level(1).map(l -> target(l.added(l.pool(), 50) <= 0.4,
                format("added TTFB p50 at 1 ≤ 0.4 ms: %+.2f ms", l.added(l.pool(), 50))))
                .orElse("- added TTFB at 1: not measured\n"));
        out.append(level(64).map(l -> target(l.added(l.pool(), 50) <= 10,
                format("added TTFB p50 at 64 ≤ 10 ms: %+.2f ms", l.added(l.pool(), 50))))
                .orElse("- added TTFB at 64: not measured\n"));
        out.append(level(64).map(l -> target(l.poolCpuMillisPerStream() <= 0.3,
                format("CPU per proxied stream at 64 ≤ 0.3 ms: %.2f ms", l.poolCpuMillisPerStream())))
                .orElse("- CPU per stream at 64: not measured\n"));
        boolean clean = levels.stream().allMatch(l -> l.errors() == 0 && l.lostLogRows() == 0
                && l.failedLogRows() == 0);
        out.append(target(clean, "zero errors and zero lost request-log rows: "
                + levels.stream().mapToInt(Level::errors).sum() + " errors, "
                + levels.stream().mapToLong(Level::lostLogRows).sum() + " lost rows, "
                + levels.stream().mapToLong(Level::failedLogRows).sum() + " error rows"));
        return out.toString();
    }

    private String errorSamples() {
        List<String> samples = levels.stream().flatMap(l -> java.util.stream.Stream.of(l.direct(), l.nginx(), l.pool()))
                .filter(java.util.Objects::nonNull).flatMap(r -> r.errorSamples().stream()).distinct().limit(5)
                .toList();
        return samples.isEmpty() ? "" : " Errors seen: " + String.join("; ", samples) + ".";
    }

    private Optional<Level> level(int concurrency) {
        return levels.stream().filter(l -> l.concurrency() == concurrency).findFirst();
    }

    private static String target(boolean met, String text) {
        return "- " + (met ? "**met**" : "**not met**") + ": " + text + "\n";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
