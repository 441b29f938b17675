package io.codexpool.proxy.support;

import java.sql.SQLDataException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexpool.testing.Poll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncBatchWriterTest {
    @Test
    void anOutageLongerThanTheBatchRetriesLosesNothing() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        AtomicInteger outageCalls = new AtomicInteger(6); // past the batch tries and into item-by-item writing
        try (AsyncBatchWriter<Integer> writer = new AsyncBatchWriter<>("test", 100, (batch, retry) -> {
            if (outageCalls.getAndDecrement() > 0) {
                throw new SQLTransientConnectionException("Connection is not available, request timed out");
            }
            written.addAll(batch);
        })) {
            for (int i = 0; i < 5; i++) {
                writer.submit(i);
            }
            Poll.until("every item written", Duration.ofSeconds(20), () -> written.size() == 5);
        }
        assertEquals(List.of(0, 1, 2, 3, 4), written.stream().sorted().toList());
    }

    @Test
    void aBatchWrittenAgainAfterAFailureIsToldItIsARetry() {
        List<Boolean> retries = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger(1);
        try (AsyncBatchWriter<Integer> writer = new AsyncBatchWriter<>("test", 100, (batch, retry) -> {
            retries.add(retry);
            if (failures.getAndDecrement() > 0) {
                throw new SQLTransientConnectionException("Connection reset during commit");
            }
        })) {
            writer.submit(1);
            Poll.until("the batch written on its second try", Duration.ofSeconds(20), () -> retries.size() == 2);
            writer.submit(2);
            Poll.until("the next batch written", Duration.ofSeconds(20), () -> retries.size() == 3);
        }
        assertEquals(List.of(false, true, false), retries);
    }

    @Test
    void anItemTheDatabaseRefusesIsDroppedAndTheRestAreWritten() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        try (AsyncBatchWriter<Integer> writer = new AsyncBatchWriter<>("test", 100, (batch, retry) -> {
            if (batch.contains(2)) {
                throw new SQLIntegrityConstraintViolationException("foreign key fails");
            }
            written.addAll(batch);
        })) {
            for (int i = 0; i < 5; i++) {
                writer.submit(i);
            }
            Poll.until("the other items written", Duration.ofSeconds(20), () -> written.size() == 4);
        }
        assertEquals(List.of(0, 1, 3, 4), written.stream().sorted().toList());
    }

    @Test
    void aRefusedItemIsCountedAsDroppedOnce() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        try (AsyncBatchWriter<Integer> writer = new AsyncBatchWriter<>("test", 100, (batch, retry) -> {
            if (batch.contains(2)) {
                throw new SQLDataException("Data too long for column 'model' at row 1", "22001", 1406);
            }
            written.addAll(batch);
        })) {
            for (int i = 0; i < 5; i++) {
                writer.submit(i);
            }
            Poll.until("the other items written", Duration.ofSeconds(20), () -> written.size() == 4);
            assertEquals(1, writer.dropped());
        }
    }

    @Test
    void whileTheDatabaseIsAwayTheQueueStaysBoundedAndCountsWhatItDrops() throws Exception {
        List<Integer> written = new CopyOnWriteArrayList<>();
        CountDownLatch databaseBack = new CountDownLatch(1);
        CountDownLatch firstWrite = new CountDownLatch(1);
        try (AsyncBatchWriter<Integer> writer = new AsyncBatchWriter<>("test", 3, (batch, retry) -> {
            firstWrite.countDown();
            if (!databaseBack.await(20, TimeUnit.SECONDS)) {
                throw new SQLTransientConnectionException("Connection is not available");
            }
            written.addAll(batch);
        })) {
            writer.submit(0); // taken by the writer, which then waits for the database
            assertTrue(firstWrite.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 10; i++) {
                writer.submit(i);
            }
            assertEquals(3, writer.pending(), "the queue holds its bound and no more");
            assertEquals(7, writer.dropped());
            databaseBack.countDown();
            Poll.until("the queued items written", Duration.ofSeconds(20), () -> written.size() == 4);
        }
        assertEquals(List.of(0, 1, 2, 3), written.stream().sorted().toList());
    }
}
