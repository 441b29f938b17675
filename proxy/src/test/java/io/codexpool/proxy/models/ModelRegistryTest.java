package io.codexpool.proxy.models;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexpool.persistence.models.PlanModels;
import io.codexpool.persistence.models.PlanModelsRepository;
import io.codexpool.testing.Poll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {
    /**
     * The periodic reload reads the stored lists just before a refresh stores a new one; the refresh's own reload
     * reads the new list. The older read must not land last, or this replica would route by the old list until the
     * next reload.
     */
    @Test
    void aReloadThatReadTheListsBeforeARefreshStoredOneDoesNotUndoTheRefreshsReload() throws Exception {
        CountDownLatch periodicRead = new CountDownLatch(1);
        CountDownLatch releasePeriodic = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        PlanModelsRepository stored = new PlanModelsRepository(null) {
            @Override
            public List<PlanModels> findAll() {
                if (reads.getAndIncrement() == 0) { // the periodic reload: reads the list as it was before
                    periodicRead.countDown();
                    await(releasePeriodic);
                    return List.of(list(false));
                }
                return List.of(list(true));
            }
        };
        ModelRegistry registry = new ModelRegistry(null, null, stored, null, null, 300);

        Thread periodic = Thread.ofVirtual().start(registry::reload);
        assertTrue(periodicRead.await(10, TimeUnit.SECONDS));
        Thread afterRefresh = Thread.ofVirtual().start(registry::reload);
        // the refresh's reload has run, or waits for the periodic one, while the older read is still in flight
        Poll.until("the refresh's reload done or waiting", Duration.ofSeconds(10),
                () -> EnumSet.of(Thread.State.TERMINATED, Thread.State.BLOCKED, Thread.State.WAITING)
                        .contains(afterRefresh.getState()));
        releasePeriodic.countDown();
        periodic.join();
        afterRefresh.join();

        assertEquals(Optional.of(true), registry.prefersWebSockets("gpt-5.4"), "the refreshed list is in use");
    }

    private static PlanModels list(boolean preferWebSockets) {
        return new PlanModels("plus", "{\"models\":[{\"slug\":\"gpt-5.4\",\"prefer_websockets\":" + preferWebSockets
                + "}]}", Instant.now());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
