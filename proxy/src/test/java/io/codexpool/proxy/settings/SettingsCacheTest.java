package io.codexpool.proxy.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.testing.Poll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsCacheTest {
    /**
     * The periodic refresh reads the row just before an admin saves; the save's own refresh reads the new row. The
     * older read must not land last, or the saved setting would be undone on this replica until the next refresh.
     */
    @Test
    void aRefreshThatReadTheRowBeforeASaveDoesNotUndoTheSavesRefresh() throws Exception {
        CountDownLatch periodicRead = new CountDownLatch(1);
        CountDownLatch releasePeriodic = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        SettingsRepository repository = new SettingsRepository(null) {
            @Override
            public Settings load() {
                if (loads.getAndIncrement() == 0) { // the periodic refresh: reads the row as it was before the save
                    periodicRead.countDown();
                    await(releasePeriodic);
                    return row(RoutingStrategy.CAPACITY_WEIGHTED);
                }
                return row(RoutingStrategy.USAGE_WEIGHTED);
            }
        };
        SettingsCache cache = new SettingsCache(repository, 1000);

        Thread periodic = Thread.ofVirtual().start(cache::refresh);
        assertTrue(periodicRead.await(10, TimeUnit.SECONDS));
        Thread afterSave = Thread.ofVirtual().start(cache::refresh);
        // the save's refresh has run, or waits for the periodic one, while the older read is still in flight
        Poll.until("the save's refresh done or waiting", Duration.ofSeconds(10),
                () -> EnumSet.of(Thread.State.TERMINATED, Thread.State.BLOCKED, Thread.State.WAITING)
                        .contains(afterSave.getState()));
        releasePeriodic.countDown();
        periodic.join();
        afterSave.join();

        assertEquals(RoutingStrategy.USAGE_WEIGHTED, cache.current().routingStrategy());
    }

    private static Settings row(RoutingStrategy strategy) {
        return new Settings(strategy, new BigDecimal("95"), true, true, 1800, UpstreamTransport.DEFAULT,
                Instant.now());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
