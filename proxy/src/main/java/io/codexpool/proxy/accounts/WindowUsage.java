package io.codexpool.proxy.accounts;

import java.time.Instant;

/** How much of one window an account has used, and when it was seen. */
public record WindowUsage(double usedPercent, Integer windowMinutes, Instant resetAt, Instant recordedAt) {
    public boolean exhausted(Instant now) {
        return usedPercent(now) >= 100.0;
    }

    /** The used percent as of {@code now}: once the window has reset, nothing of it is used, whatever was seen. */
    public double usedPercent(Instant now) {
        return resetAt != null && !resetAt.isAfter(now) ? 0.0 : usedPercent;
    }
}
