package io.codexpool.proxy.support;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes queued items in batches on a thread of its own, so request threads never wait for the database.
 * A failed batch is kept and retried, then written item by item; {@link #close()} drains the queue before
 * returning, so a clean shutdown loses nothing. The queue is bounded: while the database is away for long, items
 * beyond the bound are dropped and counted (memory stays bounded; the service keeps serving).
 */
public final class AsyncBatchWriter<T> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AsyncBatchWriter.class.getName());
    private static final int MAX_BATCH = 500;
    private static final int BATCH_TRIES = 3;

    /** The database call that stores one batch. */
    @FunctionalInterface
    public interface BatchSink<T> {
        /**
         * @param retry the batch, or these items of it, failed before; a failure can come after the commit (the
         *              connection dies while the commit's answer is on its way), so a sink that must not store an
         *              item twice checks first
         */
        void write(List<T> batch, boolean retry) throws Exception;
    }

    /** Told how many items were written or dropped, for metrics. */
    public interface Outcomes {
        Outcomes NONE = new Outcomes() {
            @Override
            public void written(int items) {
            }

            @Override
            public void dropped(int items) {
            }
        };

        void written(int items);

        void dropped(int items);
    }

    private final String name;
    private final BatchSink<T> sink;
    private final Outcomes outcomes;
    private final LinkedBlockingQueue<T> queue;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    /** Items dropped because the queue was full since the last report of it. */
    private final AtomicLong droppedUnreported = new AtomicLong();
    private volatile boolean closing;

    /** @param capacity the most items held while waiting for the database */
    public AsyncBatchWriter(String name, int capacity, BatchSink<T> sink) {
        this(name, capacity, sink, Outcomes.NONE);
    }

    /** @param capacity the most items held while waiting for the database */
    public AsyncBatchWriter(String name, int capacity, BatchSink<T> sink, Outcomes outcomes) {
        this.name = name;
        this.sink = sink;
        this.outcomes = outcomes;
        this.queue = new LinkedBlockingQueue<>(Math.max(1, capacity));
        this.worker = Thread.ofPlatform().daemon().name("codexpool-" + name + "-writer").start(this::run);
    }

    /** Queues the item, or drops and counts it when the queue is full (the first drop of a run is logged). */
    public void submit(T item) {
        if (!queue.offer(item)) {
            dropped.incrementAndGet();
            outcomes.dropped(1);
            if (droppedUnreported.getAndIncrement() == 0) {
                LOG.severe(name + " writer: queue full (" + queue.size() + " items waiting for the database),"
                        + " dropping new items until it drains");
            }
        }
    }

    /** Items dropped since start: refused by the database, or beyond the queue's bound. */
    public long dropped() {
        return dropped.get();
    }

    /** Items waiting to be written. */
    public int pending() {
        return queue.size();
    }

    private void run() {
        List<T> batch = new ArrayList<>();
        int failures = 0;
        while (!closing || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    T first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                if (failures < BATCH_TRIES) {
                    sink.write(batch, failures > 0);
                    outcomes.written(batch.size());
                } else {
                    writeOneByOne(batch);
                }
                batch.clear();
                failures = 0;
                reportQueueDrops();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures++;
                LOG.log(Level.WARNING, name + " writer: batch of " + batch.size() + " not written (" + failures
                        + "), retrying: " + DatabaseFailures.describe(e));
                backOff();
            }
        }
    }

    /**
     * After repeated failures one bad item must not hold back the rest: each is written alone, and one that still
     * fails is reported and dropped, unless the failure says the database is away: then the item and those after it
     * are kept for the next try, so an outage loses nothing.
     */
    private void writeOneByOne(List<T> batch) throws Exception {
        Iterator<T> items = batch.iterator();
        while (items.hasNext()) {
            try {
                sink.write(List.of(items.next()), true);
                outcomes.written(1);
            } catch (Exception e) {
                if (DatabaseFailures.databaseAway(e)) {
                    throw e;
                }
                dropped.incrementAndGet();
                outcomes.dropped(1);
                LOG.log(Level.SEVERE, name + " writer: dropped an item the database refuses ("
                        + DatabaseFailures.describe(e) + ")");
            }
            items.remove();
        }
    }

    private void reportQueueDrops() {
        long count = droppedUnreported.getAndSet(0);
        if (count > 0) {
            LOG.severe(name + " writer: writing again; " + count + " items were dropped while the queue was full");
        }
    }

    private void backOff() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking new work once the queue is empty, and waits for the last batch to be written. */
    @Override
    public void close() {
        closing = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.severe(name + " writer: " + queue.size() + " items could not be written before shutdown");
        }
    }
}
