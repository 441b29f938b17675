package io.codexpool.persistence.usage;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One reading of how much of a window an account has used. */
@Entity
@Table(name = "usage_samples")
public class UsageSample {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Convert(converter = UsageWindowConverter.class)
    @Column(name = "usage_window", nullable = false)
    private UsageWindow window;

    @Column(name = "used_percent", nullable = false)
    private double usedPercent;

    @Column(name = "window_minutes")
    private Integer windowMinutes;

    @Column(name = "reset_at")
    private Instant resetAt;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    @Convert(converter = UsageSourceConverter.class)
    @Column(name = "source", nullable = false)
    private UsageSource source;

    protected UsageSample() {
    }

    public UsageSample(String accountId, UsageWindow window, double usedPercent, Integer windowMinutes,
                       Instant resetAt, Instant recordedAt, UsageSource source) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.window = Objects.requireNonNull(window, "window");
        this.usedPercent = usedPercent;
        this.windowMinutes = windowMinutes;
        this.resetAt = resetAt;
        this.recordedAt = Objects.requireNonNull(recordedAt, "recordedAt");
        this.source = Objects.requireNonNull(source, "source");
    }

    public Long getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public UsageWindow getWindow() {
        return window;
    }

    public double getUsedPercent() {
        return usedPercent;
    }

    public Integer getWindowMinutes() {
        return windowMinutes;
    }

    public Instant getResetAt() {
        return resetAt;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }

    public UsageSource getSource() {
        return source;
    }
}
