package io.codexpool.persistence.settings;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row of run-time settings that admins change without a restart. */
@Entity
@Table(name = "settings")
public class Settings {
    public static final int ROW_ID = 1;
    public static final BigDecimal DEFAULT_POOL_LOW_PERCENT = BigDecimal.TEN;

    @Id
    @Column(name = "id")
    private int id = ROW_ID;

    @Convert(converter = RoutingStrategyConverter.class)
    @Column(name = "routing_strategy", nullable = false)
    private RoutingStrategy routingStrategy;

    @Column(name = "budget_threshold_percent", nullable = false)
    private BigDecimal budgetThresholdPercent;

    @Column(name = "prefer_earlier_reset", nullable = false)
    private boolean preferEarlierReset;

    @Column(name = "sticky_threads_enabled", nullable = false)
    private boolean stickyThreadsEnabled;

    @Column(name = "prompt_cache_affinity_ttl_seconds", nullable = false)
    private int promptCacheAffinityTtlSeconds;

    @Convert(converter = UpstreamTransportConverter.class)
    @Column(name = "upstream_transport", nullable = false)
    private UpstreamTransport upstreamTransport;

    @Column(name = "api_keys_required", nullable = false)
    private boolean apiKeysRequired;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "request_log_retention_days", nullable = false)
    private int requestLogRetentionDays = 30;

    @Column(name = "rollup_retention_days", nullable = false)
    private int rollupRetentionDays = 400;

    @Column(name = "pool_low_percent", nullable = false)
    private BigDecimal poolLowPercent = DEFAULT_POOL_LOW_PERCENT;

    protected Settings() {
    }

    public Settings(RoutingStrategy routingStrategy, BigDecimal budgetThresholdPercent, boolean preferEarlierReset,
                    boolean stickyThreadsEnabled, int promptCacheAffinityTtlSeconds,
                    UpstreamTransport upstreamTransport, Instant updatedAt) {
        this.routingStrategy = routingStrategy;
        this.budgetThresholdPercent = budgetThresholdPercent;
        this.preferEarlierReset = preferEarlierReset;
        this.stickyThreadsEnabled = stickyThreadsEnabled;
        this.promptCacheAffinityTtlSeconds = promptCacheAffinityTtlSeconds;
        this.upstreamTransport = upstreamTransport;
        this.updatedAt = updatedAt;
    }

    public RoutingStrategy getRoutingStrategy() {
        return routingStrategy;
    }

    public BigDecimal getBudgetThresholdPercent() {
        return budgetThresholdPercent;
    }

    public boolean isPreferEarlierReset() {
        return preferEarlierReset;
    }

    public boolean isStickyThreadsEnabled() {
        return stickyThreadsEnabled;
    }

    public int getPromptCacheAffinityTtlSeconds() {
        return promptCacheAffinityTtlSeconds;
    }

    public UpstreamTransport getUpstreamTransport() {
        return upstreamTransport;
    }

    /** Whether every proxy route needs a valid API key. */
    public boolean isApiKeysRequired() {
        return apiKeysRequired;
    }

    public Settings setApiKeysRequired(boolean apiKeysRequired) {
        this.apiKeysRequired = apiKeysRequired;
        return this;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** Days a raw request-log row is kept; older rows live on only in the hourly rollups. */
    public int getRequestLogRetentionDays() {
        return requestLogRetentionDays;
    }

    /** Days the hourly rollups are kept: the longest history the dashboard and account pages can show. */
    public int getRollupRetentionDays() {
        return rollupRetentionDays;
    }

    public Settings withRetention(int requestLogRetentionDays, int rollupRetentionDays) {
        this.requestLogRetentionDays = requestLogRetentionDays;
        this.rollupRetentionDays = rollupRetentionDays;
        return this;
    }

    /** The pool's remaining percent (5-hour or weekly) below which the {@code pool.low} alert fires. */
    public BigDecimal getPoolLowPercent() {
        return poolLowPercent;
    }

    public Settings withPoolLowPercent(BigDecimal percent) {
        this.poolLowPercent = percent;
        return this;
    }
}
