package io.codexpool.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process (and, for nginx, its worker children) has used, from {@code /proc/<pid>/stat}: user plus system
 * time of all its threads, in clock ticks of 10 ms. Over a round of thousands of streams the tick is fine enough.
 */
final class ProcessCpu {
    /** {@code getconf CLK_TCK} on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    /** Nanoseconds of CPU used so far by the process, plus by its direct children when {@code children}. */
    static long nanos(long pid, boolean children) {
        long ticks = ticks(pid);
        if (children) {
            for (long child : children(pid)) {
                ticks += ticks(child);
            }
        }
        return ticks * NANOS_PER_TICK;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the command name in parentheses (which may hold spaces): state is field 3, utime 14,
            // stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new IllegalStateException("no CPU counters for process " + pid, e);
        }
    }

    private static long[] children(long pid) {
        try {
            String list = Files.readString(Path.of("/proc", String.valueOf(pid), "task", String.valueOf(pid),
                    "children")).trim();
            return list.isEmpty() ? new long[0] : java.util.Arrays.stream(list.split("\\s+"))
                    .mapToLong(Long::parseLong).toArray();
        } catch (IOException e) {
            throw new IllegalStateException("no children list for process " + pid, e);
        }
    }
}
