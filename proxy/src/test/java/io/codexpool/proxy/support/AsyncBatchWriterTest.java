package io.codexpool.proxy.support;

import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexpool.testing.Poll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AsyncBatchWriterTest {
    @Test
    void anOutageLongerThanTheBatchRetriesLosesNothing() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        AtomicInteger outageCalls = new AtomicInteger(6); // past the batch tries and into item-by-item writing
        try (AsyncBatchWriter<Integer> writer = new AsyncBatchWriter<>("test", batch -> {
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
    void anItemTheDatabaseRefusesIsDroppedAndTheRestAreWritten() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        try (AsyncBatchWriter<Integer> writer = new AsyncBatchWriter<>("test", batch -> {
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
}
