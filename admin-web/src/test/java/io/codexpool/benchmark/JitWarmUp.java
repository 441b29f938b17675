package io.codexpool.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends many short streams (the normal stream's events, without delays) so that the request path of a JVM is
 * compiled by the optimising JIT before anything is timed. The timed warm-up alone, about 1,600 streams, leaves
 * per-request code in the first-tier compiler: the proxy's added time to first byte at one stream then measured
 * about 1 ms more than after tens of thousands of requests, which is where a running service is.
 */
final class JitWarmUp {
    private static final int EVENTS = 40;
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);

    private JitWarmUp() {
    }

    /** @return how many streams were sent; each must succeed */
    static int run(StreamClient client, int streams, int concurrency) throws InterruptedException {
        String shape = "burst-" + EVENTS;
        int bytes = StreamShape.totalBytes(StreamShape.burst(EVENTS));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.ofVirtual().start(() -> {
                while (next.getAndIncrement() < streams) {
                    StreamClient.StreamTiming timing = client.stream(shape, bytes, STREAM_TIMEOUT);
                    if (!timing.ok()) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, timing.error());
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join(Duration.ofMinutes(3));
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + streams + " warm-up streams failed, the first with: "
                    + firstError.get());
        }
        return streams;
    }
}
