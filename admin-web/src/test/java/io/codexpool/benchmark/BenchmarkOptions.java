package io.codexpool.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's knobs, read from system properties ({@code -Dbench.rounds=3}); defaults are the documented run.
 * {@code bench.poolJvmOptions} adds options to the service's JVM, e.g. a flight recording for profiling;
 * {@code bench.historyKiB} makes every request carry an earlier conversation of that size, as a Codex turn does.
 */
record BenchmarkOptions(List<Integer> levels, Duration roundTime, int rounds, Duration eventDelay, int largeEvery,
                        int idleStreams, int accounts, int burstEvents, int historyKiB, Path poolJar, Path workDir,
                        List<String> poolJvmOptions) {

    static BenchmarkOptions fromSystemProperties() {
        return new BenchmarkOptions(
                Arrays.stream(System.getProperty("bench.levels", "1,16,64,256").split(","))
                        .map(String::trim).map(Integer::valueOf).toList(),
                Duration.ofSeconds(Long.getLong("bench.roundSeconds", 8)),
                Integer.getInteger("bench.rounds", 2),
                Duration.ofMillis(Long.getLong("bench.eventDelayMillis", 10)),
                Integer.getInteger("bench.largeEvery", 20),
                Integer.getInteger("bench.idleStreams", 2000),
                Integer.getInteger("bench.accounts", 4),
                Integer.getInteger("bench.burstEvents", 5000),
                Integer.getInteger("bench.historyKiB", 0),
                Path.of(System.getProperty("bench.poolJar", "admin-web/target/codex-pool.jar")),
                Path.of(System.getProperty("bench.workDir", "admin-web/target/benchmark")),
                Arrays.stream(System.getProperty("bench.poolJvmOptions", "").split("\\s+"))
                        .filter(option -> !option.isBlank()).toList());
    }
}
