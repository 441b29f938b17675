package io.codexpool.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds many streams open through the proxy while the upstream sends nothing after their first event, and reads the
 * service's heap, resident memory and OS threads before and during, to price one idle open stream.
 */
final class IdleStreamsProbe {
    private static final Duration OPEN_LIMIT = Duration.ofSeconds(60);

    /** What the service used with no stream open and with {@code streams} idle ones. */
    record Result(int streams, int opened, int completed, long heapBefore, long heapOpen, long rssBefore,
                  long rssOpen, long threadsBefore, long threadsOpen) {
        long heapPerStream() {
            return (heapOpen - heapBefore) / Math.max(1, opened);
        }

        long rssPerStream() {
            return (rssOpen - rssBefore) / Math.max(1, opened);
        }

        int errors() {
            return streams - completed;
        }
    }

    static Result run(StreamClient client, BenchmarkUpstream upstream, PoolProcess pool, int streams)
            throws IOException, InterruptedException {
        long heapBefore = pool.heapUsedAfterGc();
        long rssBefore = pool.residentBytes();
        long threadsBefore = pool.osThreads();
        CountDownLatch opened = new CountDownLatch(streams);
        CountDownLatch measured = new CountDownLatch(1);
        AtomicInteger openCount = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        List<Thread> holders = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
            holders.add(Thread.ofVirtual().start(() -> hold(client, opened, measured, openCount, completed)));
        }
        opened.await(OPEN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (upstream.stalled() < openCount.get() && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling a deadline-bounded wait for the upstream side to settle
        }
        long heapOpen = pool.heapUsedAfterGc();
        pool.writeHeapHistogram("idle-streams-heap-histogram.txt");
        long rssOpen = pool.residentBytes();
        long threadsOpen = pool.osThreads();
        measured.countDown();
        upstream.releaseStalled();
        for (Thread holder : holders) {
            holder.join(TimeUnit.SECONDS.toMillis(60));
        }
        return new Result(streams, openCount.get(), completed.get(), heapBefore, heapOpen, rssBefore, rssOpen,
                threadsBefore, threadsOpen);
    }

    /** Opens one stalled stream, reads its first event, waits for the measurement, then reads it to its end. */
    private static void hold(StreamClient client, CountDownLatch opened, CountDownLatch measured,
                             AtomicInteger openCount, AtomicInteger completed) {
        boolean counted = false;
        try (InputStream body = client.open("stall", OPEN_LIMIT)) {
            readFirstEvent(body);
            openCount.incrementAndGet();
            opened.countDown();
            counted = true;
            measured.await(OPEN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            String rest = new String(body.readAllBytes());
            if (rest.contains("event: response.completed")) {
                completed.incrementAndGet();
            }
        } catch (IOException e) {
            // counted as an error: not completed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!counted) {
                opened.countDown();
            }
        }
    }

    private static void readFirstEvent(InputStream body) throws IOException {
        int previous = -1;
        int current;
        while ((current = body.read()) >= 0) {
            if (current == '\n' && previous == '\n') {
                return;
            }
            previous = current;
        }
        throw new IOException("stream ended before its first event");
    }
}
