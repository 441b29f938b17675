package io.codexpool.proxy.accounts;

import java.time.Instant;

/** How much of one window an account has used, and when it was seen. */
public record WindowUsage(double usedPercent, Integer windowMinutes, Instant resetAt, Instant recordedAt) {
    public boolean exhausted(Instant now) {
        return usedPercent >= 100.0 && (resetAt == null || resetAt.isAfter(now));
    }
}
