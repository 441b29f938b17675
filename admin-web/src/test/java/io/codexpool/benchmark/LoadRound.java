package io.codexpool.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps {@code concurrency} streams in flight against one target for a fixed time (closed loop: each virtual thread
 * starts its next stream when the last one ends), with every {@code largeEvery}-th stream carrying a 1 MiB event, or
 * every stream of one shape.
 */
final class LoadRound {
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(60);

    private final String normalShape;
    private final int normalBytes;
    private final int largeBytes = StreamShape.totalBytes(StreamShape.LARGE.events());
    private final int largeEvery;

    LoadRound(int largeEvery) {
        this("normal", StreamShape.totalBytes(StreamShape.NORMAL.events()), largeEvery);
    }

    private LoadRound(String normalShape, int normalBytes, int largeEvery) {
        this.normalShape = normalShape;
        this.normalBytes = normalBytes;
        this.largeEvery = largeEvery;
    }

    /** Every stream {@code events} events without delay ({@code burst-N} of the benchmark upstream). */
    static LoadRound bursts(int events) {
        return new LoadRound("burst-" + (events - 2), StreamShape.totalBytes(StreamShape.burst(events - 2)),
                0);
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
                    boolean large = largeEvery > 0 && counter.getAndIncrement() % largeEvery == 0;
                    timings.add(client.stream(large ? "large" : normalShape, large ? largeBytes : normalBytes,
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
