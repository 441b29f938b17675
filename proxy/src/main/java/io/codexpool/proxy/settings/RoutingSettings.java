package io.codexpool.proxy.settings;

import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.UpstreamTransport;

/**
 * An immutable view of the settings row, as routing reads it on every request.
 *
 * @param apiKeysRequired whether every proxy route needs a valid API key
 */
public record RoutingSettings(RoutingStrategy routingStrategy,
                              double budgetThresholdPercent,
                              boolean preferEarlierReset,
                              boolean stickyThreadsEnabled,
                              int promptCacheAffinityTtlSeconds,
                              UpstreamTransport upstreamTransport,
                              boolean apiKeysRequired,
                              double poolLowPercent) {
    public static final RoutingSettings DEFAULTS = new RoutingSettings(RoutingStrategy.DEPLETION_AWARE, 95.0, true,
            true, 1800, UpstreamTransport.DEFAULT, false, Settings.DEFAULT_POOL_LOW_PERCENT.doubleValue());

    static RoutingSettings of(Settings row) {
        return new RoutingSettings(row.getRoutingStrategy(), row.getBudgetThresholdPercent().doubleValue(),
                row.isPreferEarlierReset(), row.isStickyThreadsEnabled(), row.getPromptCacheAffinityTtlSeconds(),
                row.getUpstreamTransport(), row.isApiKeysRequired(), row.getPoolLowPercent().doubleValue());
    }
}
