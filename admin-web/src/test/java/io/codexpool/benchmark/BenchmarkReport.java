package io.codexpool.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders the results as Markdown: the table, the idle and per-event figures, and each target met or not. */
final class BenchmarkReport {
    private static final double KIB = 1024.0;

    private final String header;
    private final List<LevelResult> levels;
    private final IdleStreamsProbe.Result idle;
    private final RelayOverheadProbe.Result relay;

    BenchmarkReport(String header, List<LevelResult> levels, IdleStreamsProbe.Result idle,
                    RelayOverheadProbe.Result relay) {
        this.header = header;
        this.levels = levels;
        this.idle = idle;
        this.relay = relay;
    }

    String render() {
        StringBuilder out = new StringBuilder(header).append("\n\n");
        out.append("| streams | TTFB p50 direct / proxied | TTFB p99 direct / proxied | added TTFB p50 / p99 "
                + "| full p50 direct / proxied | full p99 direct / proxied | streams/s direct / proxied "
                + "| proxied ÷ direct | errors | log rows stored / sent |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LevelResult level : levels) {
            RoundResult d = level.direct();
            RoundResult p = level.proxied();
            out.append(format("| %d | %.2f / %.2f | %.2f / %.2f | %+.2f / %+.2f | %.1f / %.1f | %.1f / %.1f "
                            + "| %.1f / %.1f | %.0f %% | %d | %d / %d |\n",
                    level.concurrency(), d.ttfbMillis(50), p.ttfbMillis(50), d.ttfbMillis(99), p.ttfbMillis(99),
                    level.addedTtfbMillis(50), level.addedTtfbMillis(99), d.totalMillis(50), p.totalMillis(50),
                    d.totalMillis(99), p.totalMillis(99), d.streamsPerSecond(), p.streamsPerSecond(),
                    100 * level.throughputRatio(), level.errors(), level.logRowsStored(),
                    level.logRowsExpected()));
        }
        out.append("\nTimes in milliseconds.").append(errorSamples());
        out.append(format("\n\nIdle open streams through the proxy: %d of %d opened, heap %.1f → %.1f MiB "
                        + "(%.1f KiB per stream), RSS %.1f → %.1f MiB (%.1f KiB per stream), OS threads %d → %d; "
                        + "%d completed after release.\n",
                idle.opened(), idle.streams(), idle.heapBefore() / KIB / KIB, idle.heapOpen() / KIB / KIB,
                idle.heapPerStream() / KIB, idle.rssBefore() / KIB / KIB, idle.rssOpen() / KIB / KIB,
                idle.rssPerStream() / KIB, idle.threadsBefore(), idle.threadsOpen(), idle.completed()));
        out.append(format("\nRelay cost per event: streams of %d events of ~215 bytes without delay take "
                        + "%.1f ms direct and %.1f ms proxied (medians): %.1f µs per event; %d errors.\n",
                relay.events(), relay.directMillis(), relay.proxiedMillis(), relay.microsPerEvent(),
                relay.errors()));
        out.append("\n").append(targets());
        return out.toString();
    }

    private String targets() {
        StringBuilder out = new StringBuilder("Targets:\n\n");
        out.append(level(1).map(l -> target(l.addedTtfbMillis(50) <= 0.5,
                        format("added TTFB at 1, p50 ≤ 0.5 ms: %+.2f ms", l.addedTtfbMillis(50))))
                .orElse("- added TTFB at 1: not measured\n"));
        out.append(level(64).map(l -> target(l.addedTtfbMillis(50) <= 2 && l.addedTtfbMillis(99) <= 10,
                        format("added TTFB at 64, p50 ≤ 2 ms and p99 ≤ 10 ms: %+.2f / %+.2f ms",
                                l.addedTtfbMillis(50), l.addedTtfbMillis(99))))
                .orElse("- added TTFB at 64: not measured\n"));
        for (int concurrency : new int[] {64, 256}) {
            out.append(level(concurrency).map(l -> target(l.throughputRatio() >= 0.70,
                            format("proxied throughput at %d ≥ 70 %% of direct: %.0f %%", concurrency,
                                    100 * l.throughputRatio())))
                    .orElse("- throughput at " + concurrency + ": not measured\n"));
        }
        out.append(target(idle.heapPerStream() <= 64 * 1024 && idle.opened() == idle.streams(),
                format("≤ 64 KiB heap per idle open stream: %.1f KiB", idle.heapPerStream() / KIB)));
        long addedThreads = idle.threadsOpen() - idle.threadsBefore();
        out.append(target(addedThreads < idle.streams() / 20,
                format("no OS thread per stream: %d idle streams added %d OS threads", idle.opened(),
                        addedThreads)));
        boolean clean = levels.stream().allMatch(l -> l.errors() == 0 && l.lostLogRows() == 0
                && l.failedLogRows() == 0) && idle.errors() == 0 && relay.errors() == 0;
        out.append(target(clean, "zero errors and zero lost request-log rows at every level: "
                + levels.stream().mapToInt(LevelResult::errors).sum() + " errors, "
                + levels.stream().mapToLong(LevelResult::lostLogRows).sum() + " lost rows, "
                + levels.stream().mapToLong(LevelResult::failedLogRows).sum() + " error rows"));
        return out.toString();
    }

    private String errorSamples() {
        List<String> samples = levels.stream()
                .flatMap(l -> java.util.stream.Stream.concat(l.direct().errorSamples().stream(),
                        l.proxied().errorSamples().stream()))
                .distinct().limit(5).toList();
        return samples.isEmpty() ? "" : " Errors seen: " + String.join("; ", samples) + ".";
    }

    private Optional<LevelResult> level(int concurrency) {
        return levels.stream().filter(l -> l.concurrency() == concurrency).findFirst();
    }

    private static String target(boolean met, String text) {
        return "- " + (met ? "**met**" : "**not met**") + ": " + text + "\n";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
