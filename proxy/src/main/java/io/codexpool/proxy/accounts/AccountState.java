package io.codexpool.proxy.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.codexpool.persistence.accounts.AccountStatus;

/**
 * One account as routing sees it: the stored columns, the freshest usage, and what only lives in memory (cooldown,
 * consecutive errors, last selection). Fields are written by few threads and read by every request. Fields that
 * belong together (status with its reset and reason; the error streak with its back-off; the tokens with their
 * refresh time) change as one immutable value, so a reader never sees one writer's status with another's reason,
 * and concurrent failures are all counted.
 */
public final class AccountState {
    private static final int ERRORS_BEFORE_BACKOFF = 3;

    /** The account's status, the reset that ends a limit and the reason for a deactivation, as one value. */
    public record StatusFields(AccountStatus status, Instant resetAt, String deactivationReason) {
    }

    /** Consecutive failed attempts, the last one's message and the back-off they earned, as one value. */
    public record ErrorStreak(int consecutiveErrors, String lastError, Instant backoffUntil) {
        static final ErrorStreak NONE = new ErrorStreak(0, null, null);
    }

    private record Tokens(byte[] accessTokenEncrypted, byte[] refreshTokenEncrypted, Instant lastRefreshAt) {
    }

    private final String id;
    private volatile String email;
    private volatile String chatgptAccountId;
    private volatile String planType;
    private volatile StatusFields status = new StatusFields(null, null, null);
    private volatile Tokens tokens = new Tokens(null, null, null);
    private volatile WindowUsage primary;
    private volatile WindowUsage secondary;
    private volatile BurnRate primaryBurn;
    private volatile BurnRate secondaryBurn;
    private volatile Instant cooldownUntil;
    private final AtomicReference<ErrorStreak> errors = new AtomicReference<>(ErrorStreak.NONE);
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

    /** Status, reset and reason as one consistent value: read this when more than one of them matters. */
    public StatusFields statusFields() {
        return status;
    }

    public AccountStatus status() {
        return status.status();
    }

    public Instant resetAt() {
        return status.resetAt();
    }

    public String deactivationReason() {
        return status.deactivationReason();
    }

    public byte[] accessTokenEncrypted() {
        return tokens.accessTokenEncrypted();
    }

    public byte[] refreshTokenEncrypted() {
        return tokens.refreshTokenEncrypted();
    }

    public Instant lastRefreshAt() {
        return tokens.lastRefreshAt();
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

    /** The error count, last error and back-off as one consistent value. */
    public ErrorStreak errorStreak() {
        return errors.get();
    }

    public Instant errorBackoffUntil() {
        return errors.get().backoffUntil();
    }

    public String lastError() {
        return errors.get().lastError();
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
            this.status = new StatusFields(status, resetAt, deactivationReason);
        }
        if (tokensChangedNanos - readStartedNanos < 0 || tokensChangedNanos == 0) {
            this.tokens = new Tokens(accessToken, refreshToken, lastRefreshAt);
        }
    }

    void status(AccountStatus status, Instant resetAt, String reason) {
        this.status = new StatusFields(status, resetAt, reason);
        this.statusChangedNanos = System.nanoTime();
    }

    /**
     * The status set in memory is now in the database too. Until then a refresh may read the older row; marking the
     * change again here makes every read begun before the write older than the change, so none can undo it.
     */
    void statusStored() {
        this.statusChangedNanos = System.nanoTime();
    }

    void plan(String planType) {
        this.planType = planType;
    }

    void tokens(byte[] accessToken, byte[] refreshToken, Instant refreshedAt) {
        this.tokens = new Tokens(accessToken, refreshToken, refreshedAt);
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
        errors.updateAndGet(streak -> {
            int count = streak.consecutiveErrors() + 1;
            Instant backoff = streak.backoffUntil();
            if (count >= ERRORS_BEFORE_BACKOFF) {
                long seconds = Math.min(300, 30L << Math.min(count - ERRORS_BEFORE_BACKOFF, 10));
                backoff = now.plus(Duration.ofSeconds(seconds));
            }
            return new ErrorStreak(count, message, backoff);
        });
    }

    /** Ends the error streak; the last error's message stays for the admin to read. */
    void succeeded() {
        errors.updateAndGet(streak -> streak.consecutiveErrors() == 0 ? streak
                : new ErrorStreak(0, streak.lastError(), null));
    }
}
