package io.codexpool.proxy.apikeys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * A rule and where its key stands against it.
 *
 * @param resetsAt when the current period ends; for a full rolling rule, when enough of its use has left the window
 *                 for the key to be let through again; null for a rolling rule with nothing used
 */
public record RuleUsage(LimitRule rule, BigDecimal used, Instant resetsAt) {
    public boolean full() {
        return used.compareTo(rule.max()) >= 0;
    }

    /** The share of the limit used, 0–100, as a bar shows it. */
    public double percentUsed() {
        return Math.min(100, used.multiply(BigDecimal.valueOf(100)).divide(rule.max(), 2, RoundingMode.HALF_UP)
                .doubleValue());
    }

    public BigDecimal remaining() {
        return rule.max().subtract(used).max(BigDecimal.ZERO);
    }
}
