package io.codexpool.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.codexpool.admin.web.AdminClient;

/**
 * Proxied time to first byte while an admin reloads the dashboard in a loop, against the same without: rounds of
 * sequential streams alternate quiet and loaded, so that a drift of the shared machine's load falls on both alike.
 */
final class DashboardLoadProbe {
    private static final int ROUNDS = 4;
    private static final int STREAMS = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DashboardLoadProbe() {
    }

    /**
     * @param quietP50Nanos  TTFB p50 of the streams with no dashboard load
     * @param loadedP50Nanos TTFB p50 of the streams while the dashboard was reloaded
     * @param loads          dashboard loads during the loaded rounds
     * @param loadNanos      time of those loads, summed
     * @param streams        proxied streams sent (each leaves a request-log row)
     */
    record Result(long quietP50Nanos, long loadedP50Nanos, long loads, long loadNanos, int streams) {
    }

    static Result run(StreamClient proxied, AdminClient admin) throws InterruptedException {
        int bytes = StreamShape.totalBytes(StreamShape.NORMAL.events());
        List<Long> quiet = new ArrayList<>();
        List<Long> loaded = new ArrayList<>();
        AtomicLong loads = new AtomicLong();
        AtomicLong loadNanos = new AtomicLong();
        for (int round = 0; round < ROUNDS; round++) {
            quiet.addAll(ttfbs(proxied, bytes));
            AtomicBoolean stop = new AtomicBoolean();
            Thread reloader = Thread.ofPlatform().name("dashboard-reloader").start(() -> {
                while (!stop.get()) {
                    long started = System.nanoTime();
                    if (admin.get("/admin").statusCode() != 200) {
                        throw new IllegalStateException("the dashboard did not answer 200");
                    }
                    loadNanos.addAndGet(System.nanoTime() - started);
                    loads.incrementAndGet();
                }
            });
            try {
                loaded.addAll(ttfbs(proxied, bytes));
            } finally {
                stop.set(true);
                reloader.join();
            }
        }
        return new Result(median(quiet), median(loaded), loads.get(), loadNanos.get(), 2 * ROUNDS * STREAMS);
    }

    private static List<Long> ttfbs(StreamClient proxied, int bytes) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            StreamClient.StreamTiming timing = proxied.stream("normal", bytes, TIMEOUT);
            if (!timing.ok()) {
                throw new IllegalStateException("a proxied stream failed: " + timing.error());
            }
            times.add(timing.ttfbNanos());
        }
        return times;
    }

    private static long median(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
