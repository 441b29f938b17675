package io.codexpool.proxy.routing.simulation;

import java.time.Duration;
import java.time.Instant;

/**
 * One usage window of a simulated upstream account: credits spent since the last reset, and the next reset. Resets
 * come at a fixed cadence; at each, the credit left is the window's unused credit.
 */
final class UpstreamWindow {
    private final Duration length;
    private final double capacity;
    private double used;
    private Instant resetAt;

    UpstreamWindow(Duration length, double capacity, double startPercent, Instant firstReset) {
        this.length = length;
        this.capacity = capacity;
        this.used = capacity * startPercent / 100.0;
        this.resetAt = firstReset;
    }

    /** Applies every reset up to {@code now}, giving each one's unused percent to {@code unused}. */
    void roll(Instant now, java.util.function.DoubleConsumer unused) {
        while (!resetAt.isAfter(now)) {
            unused.accept(Math.max(0.0, 100.0 - percent()));
            used = 0;
            resetAt = resetAt.plus(length);
        }
    }

    void spend(double credits) {
        used += credits;
    }

    double percent() {
        return used / capacity * 100.0;
    }

    boolean exhausted() {
        return used >= capacity;
    }

    Instant resetAt() {
        return resetAt;
    }

    Duration length() {
        return length;
    }
}
