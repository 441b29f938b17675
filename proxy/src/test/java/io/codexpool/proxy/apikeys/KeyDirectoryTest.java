package io.codexpool.proxy.apikeys;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.proxy.metrics.KeyMetrics;
import io.codexpool.testing.Poll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyDirectoryTest {
    /**
     * The periodic refresh reads the keys just before an admin deletes one; the deletion's own refresh reads them
     * without it. The older read must not land last, or the deleted key would let requests in on this replica until
     * the next refresh.
     */
    @Test
    void aRefreshThatReadTheKeysBeforeADeletionDoesNotUndoTheDeletionsRefresh() throws Exception {
        String secret = KeySecrets.generate();
        ApiKey deleted = new ApiKey("deleted", KeySecrets.hashHex(secret), KeySecrets.prefix(secret), Instant.now());
        CountDownLatch periodicRead = new CountDownLatch(1);
        CountDownLatch releasePeriodic = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        ApiKeyRepository repository = new ApiKeyRepository(null, null) {
            @Override
            public List<ApiKey> findAll() {
                if (reads.getAndIncrement() == 0) { // the periodic refresh: reads the keys as they were before
                    periodicRead.countDown();
                    await(releasePeriodic);
                    return List.of(deleted);
                }
                return List.of();
            }
        };
        KeyMetrics metrics = new KeyMetrics(null, null) {
            @Override
            public synchronized void keysAre(Map<String, String> namesById) {
            }
        };
        KeyDirectory directory = new KeyDirectory(repository, metrics, 1000);

        Thread periodic = Thread.ofVirtual().start(directory::refresh);
        assertTrue(periodicRead.await(10, TimeUnit.SECONDS));
        Thread afterDeletion = Thread.ofVirtual().start(directory::refresh);
        // the deletion's refresh has run, or waits for the periodic one, while the older read is still in flight
        Poll.until("the deletion's refresh done or waiting", Duration.ofSeconds(10),
                () -> EnumSet.of(Thread.State.TERMINATED, Thread.State.BLOCKED, Thread.State.WAITING)
                        .contains(afterDeletion.getState()));
        releasePeriodic.countDown();
        periodic.join();
        afterDeletion.join();

        assertTrue(directory.find(secret).isEmpty(), "the deleted key stays deleted");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
