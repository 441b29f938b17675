package io.codexpool.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** The report's heading: when, on what, at which commit, with which workload. */
final class MachineDescription {
    private MachineDescription() {
    }

    static String header(BenchmarkOptions options) {
        return String.format(Locale.ROOT, """
                ## Run of %s

                - Machine: %d cores (%s), %s memory, load average %s at the start (other processes share the cores)
                - JDK: %s %s; commit %s
                - Workload: streams of %d events of ~215 bytes, %d ms apart; every %d-th stream carries one 1 MiB \
                event; %d accounts; %d rounds of %d s per target and level, direct and proxied alternating""",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), loadAverage(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), commit(),
                StreamShape.EVENTS, options.eventDelay().toMillis(), options.largeEvery(), options.accounts(),
                options.rounds(), options.roundTime().toSeconds());
    }

    /** The heading of the relay-cost run: streams of {@code events} events without delay. */
    static String relayHeader(BenchmarkOptions options, int events) {
        return String.format(Locale.ROOT, """
                ## Relay cost, run of %s

                - Machine: %d cores (%s), %s memory, load average %s at the start (other processes share the cores)
                - JDK: %s %s; commit %s; nginx %s
                - Workload: streams of %d events of ~215 bytes sent without delay; %d accounts; %d rounds of %d s per \
                target and level, direct, nginx and Codex Pool in turn""",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), loadAverage(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), commit(), nginxVersion(),
                events, options.accounts(), options.rounds(), options.roundTime().toSeconds());
    }

    private static String nginxVersion() {
        try {
            Process nginx = new ProcessBuilder(NginxProxy.BINARY.toString(), "-v").redirectErrorStream(true).start();
            String out = new String(nginx.getInputStream().readAllBytes()).trim();
            return nginx.waitFor() == 0 ? out.replace("nginx version: ", "") : "none";
        } catch (IOException e) {
            return "none";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "none";
        }
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse("unknown CPU");
    }

    private static String memory() {
        return procLine("/proc/meminfo", "MemTotal").map(l -> {
            long kib = Long.parseLong(l.replaceAll("\\D", ""));
            return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        }).orElse("unknown");
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static java.util.Optional<String> procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
