package io.codexpool.proxy.accounts;

import java.time.Duration;
import java.time.Instant;

import io.codexpool.persistence.accounts.AccountStatus;

/**
 * One account as routing sees it: the stored columns, the freshest usage, and what only lives in memory (cooldown,
 * consecutive errors, last selection). Fields are written by few threads and read by every request.
 */
public final class AccountState {
    private static final int ERRORS_BEFORE_BACKOFF = 3;

    private final String id;
    private volatile String email;
    private volatile String chatgptAccountId;
    private volatile String planType;
    private volatile AccountStatus status;
    private volatile Instant resetAt;
    private volatile String deactivationReason;
    private volatile byte[] accessTokenEncrypted;
    private volatile byte[] refreshTokenEncrypted;
    private volatile Instant lastRefreshAt;
    private volatile WindowUsage primary;
    private volatile WindowUsage secondary;
    private volatile BurnRate primaryBurn;
    private volatile BurnRate secondaryBurn;
    private volatile Instant cooldownUntil;
    private volatile int consecutiveErrors;
    private volatile Instant errorBackoffUntil;
    private volatile String lastError;
    // System.nanoTime() may be negative: "never selected" must still sort first.
    private volatile long lastSelectedNanos = Long.MIN_VALUE;
    private volatile long statusChangedNanos;
    private volatile long tokensChangedNanos;

    public AccountState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String chatgptAccountId() {
        return chatgptAccountId;
    }

    public String planType() {
        return planType;
    }

    public PlanCapacity capacity() {
        return PlanCapacity.of(planType);
    }

    public AccountStatus status() {
        return status;
    }

    public Instant resetAt() {
        return resetAt;
    }

    public String deactivationReason() {
        return deactivationReason;
    }

    public byte[] accessTokenEncrypted() {
        return accessTokenEncrypted;
    }

    public byte[] refreshTokenEncrypted() {
        return refreshTokenEncrypted;
    }

    public Instant lastRefreshAt() {
        return lastRefreshAt;
    }

    public WindowUsage primary() {
        return primary;
    }

    public WindowUsage secondary() {
        return secondary;
    }

    /** How fast the 5-hour window is being spent, or null before its first reading. */
    public BurnRate primaryBurn() {
        return primaryBurn;
    }

    /** How fast the weekly window is being spent, or null before its first reading. */
    public BurnRate secondaryBurn() {
        return secondaryBurn;
    }

    public Instant cooldownUntil() {
        return cooldownUntil;
    }

    public Instant errorBackoffUntil() {
        return errorBackoffUntil;
    }

    public String lastError() {
        return lastError;
    }

    public long lastSelectedNanos() {
        return lastSelectedNanos;
    }

    /**
     * Applies a row read from the database. A status or tokens this replica changed after the read began are newer
     * than the row, so they are kept. (Not judged by the stored refresh times: replicas' clocks may disagree.)
     */
    void stored(String email, String chatgptAccountId, String planType, AccountStatus status, Instant resetAt,
                String deactivationReason, byte[] accessToken, byte[] refreshToken, Instant lastRefreshAt,
                long readStartedNanos) {
        this.email = email;
        this.chatgptAccountId = chatgptAccountId;
        this.planType = planType;
        if (statusChangedNanos - readStartedNanos < 0 || statusChangedNanos == 0) {
            this.status = status;
            this.resetAt = resetAt;
            this.deactivationReason = deactivationReason;
        }
        if (tokensChangedNanos - readStartedNanos < 0 || tokensChangedNanos == 0) {
            this.accessTokenEncrypted = accessToken;
            this.refreshTokenEncrypted = refreshToken;
            this.lastRefreshAt = lastRefreshAt;
        }
    }

    void status(AccountStatus status, Instant resetAt, String reason) {
        this.status = status;
        this.resetAt = resetAt;
        this.deactivationReason = reason;
        this.statusChangedNanos = System.nanoTime();
    }

    void plan(String planType) {
        this.planType = planType;
    }

    void tokens(byte[] accessToken, byte[] refreshToken, Instant refreshedAt) {
        this.accessTokenEncrypted = accessToken;
        this.refreshTokenEncrypted = refreshToken;
        this.lastRefreshAt = refreshedAt;
        this.tokensChangedNanos = System.nanoTime();
    }

    /**
     * Keeps the newer of the known and the offered reading, and feeds it to that window's burn rate. Synchronized so
     * that two replies arriving together both count in the rate.
     */
    synchronized void usage(WindowUsage primary, WindowUsage secondary) {
        if (primary != null && (this.primary == null || !primary.recordedAt().isBefore(this.primary.recordedAt()))) {
            this.primary = primary;
            this.primaryBurn = primaryBurn == null ? BurnRate.first(primary) : primaryBurn.next(primary);
        }
        if (secondary != null
                && (this.secondary == null || !secondary.recordedAt().isBefore(this.secondary.recordedAt()))) {
            this.secondary = secondary;
            this.secondaryBurn = secondaryBurn == null ? BurnRate.first(secondary) : secondaryBurn.next(secondary);
        }
    }

    public void selected(long nanos) {
        this.lastSelectedNanos = nanos;
    }

    void cooldown(Instant until) {
        this.cooldownUntil = until;
    }

    /** Counts a failed attempt; from the third in a row the account is skipped for min(300 s, 30 s × 2^(n−3)). */
    void error(String message, Instant now) {
        this.lastError = message;
        int errors = ++consecutiveErrors;
        if (errors >= ERRORS_BEFORE_BACKOFF) {
            long seconds = Math.min(300, 30L << Math.min(errors - ERRORS_BEFORE_BACKOFF, 10));
            this.errorBackoffUntil = now.plus(Duration.ofSeconds(seconds));
        }
    }

    void succeeded() {
        if (consecutiveErrors != 0) {
            consecutiveErrors = 0;
            errorBackoffUntil = null;
        }
    }

    /** The used percent routing compares: the weekly window when known, else the 5-hour one. */
}
