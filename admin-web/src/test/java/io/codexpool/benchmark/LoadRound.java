package io.codexpool.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps {@code concurrency} streams in flight against one target for a fixed time (closed loop: each virtual thread
 * starts its next stream when the last one ends), with every {@code largeEvery}-th stream carrying a 1 MiB event.
 */
final class LoadRound {
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(60);

    private final int normalBytes = StreamShape.totalBytes(StreamShape.NORMAL.events());
    private final int largeBytes = StreamShape.totalBytes(StreamShape.LARGE.events());
    private final int largeEvery;

    LoadRound(int largeEvery) {
        this.largeEvery = largeEvery;
    }

    RoundResult run(StreamClient client, int concurrency, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<StreamClient.StreamTiming> timings = new ConcurrentLinkedQueue<>();
        AtomicLong counter = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        List<Thread> workers = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < deadline) {
                    boolean large = counter.getAndIncrement() % largeEvery == 0;
                    timings.add(client.stream(large ? "large" : "normal", large ? largeBytes : normalBytes,
                            STREAM_TIMEOUT));
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join(duration.plus(STREAM_TIMEOUT).plusSeconds(5));
        }
        return RoundResult.of(List.copyOf(timings), System.nanoTime() - started);
    }
}
