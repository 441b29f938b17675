package io.codexpool.proxy.testing;

import java.time.Clock;
import java.util.Optional;
import java.util.Random;

import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.proxy.accounts.MemoryAccountPool;
import io.codexpool.proxy.models.ModelRegistry;
import io.codexpool.proxy.routing.AccountSelector;
import io.codexpool.proxy.settings.RoutingSettings;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.sticky.StickyRouter;
import io.codexpool.proxy.sticky.StickyView;

/**
 * The service's routing beans ({@link StickyRouter} over {@link AccountSelector}) wired by hand over a
 * {@link MemoryAccountPool}, with fixed settings, no stored sticky mappings and a seeded random source: the real
 * decisions, many thousand a second, repeatable.
 */
public final class InMemoryRouting {
    private final AccountSelector selector;
    private final StickyRouter router;

    public InMemoryRouting(MemoryAccountPool pool, Clock clock, RoutingStrategy strategy, long seed) {
        SettingsCache settings = new FixedSettings(new RoutingSettings(strategy, 95.0, true, true, 1800,
                UpstreamTransport.DEFAULT, false, 10.0));
        Random random = new Random(seed);
        selector = new AccountSelector(pool, settings, clock, new ModelRegistry(pool, null, null, null, clock, 300),
                () -> random);
        router = new StickyRouter(new StickyView(new NoStoredMappings(), clock, 1000, 10, 24), pool, selector,
                settings, clock, reason -> { });
    }

    public AccountSelector selector() {
        return selector;
    }

    public StickyRouter router() {
        return router;
    }

    /** The settings row, fixed. */
    private static final class FixedSettings extends SettingsCache {
        private final RoutingSettings settings;

        FixedSettings(RoutingSettings settings) {
            super(null, 1000);
            this.settings = settings;
        }

        @Override
        public RoutingSettings current() {
            return settings;
        }
    }

    /** No mapping was stored before; the router's writes behind are never flushed (the view is not started). */
    private static final class NoStoredMappings extends StickySessionRepository {
        NoStoredMappings() {
            super(null, null);
        }

        @Override
        public Optional<StickySession> find(String key, StickyKind kind) {
            return Optional.empty();
        }
    }
}
