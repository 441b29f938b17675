package io.codexpool.proxy.settings;

import java.math.BigDecimal;
import java.time.Instant;

import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.testing.OverlappingRereads;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingsCacheTest {
    /**
     * The periodic refresh reads the row just before an admin saves; the save's own refresh reads the new row. The
     * older read must not land last, or the saved setting would be undone on this replica until the next refresh.
     */
    @Test
    void aRefreshThatReadTheRowBeforeASaveDoesNotUndoTheSavesRefresh() throws Exception {
        OverlappingRereads rereads = new OverlappingRereads();
        SettingsRepository repository = new SettingsRepository(null) {
            @Override
            public Settings load() {
                return row(rereads.older() ? RoutingStrategy.CAPACITY_WEIGHTED : RoutingStrategy.USAGE_WEIGHTED);
            }
        };
        SettingsCache cache = new SettingsCache(repository, 1000);

        rereads.run(cache::refresh);

        assertEquals(RoutingStrategy.USAGE_WEIGHTED, cache.current().routingStrategy());
    }

    private static Settings row(RoutingStrategy strategy) {
        return new Settings(strategy, new BigDecimal("95"), true, true, 1800, UpstreamTransport.DEFAULT,
                Instant.now());
    }
}
