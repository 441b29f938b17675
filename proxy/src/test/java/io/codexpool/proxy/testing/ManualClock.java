package io.codexpool.proxy.testing;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock that stands still until a test moves it, for code driven outside the service (forecasts, the routing
 * simulation): the same inputs at the same instants give the same results.
 */
public final class ManualClock extends UtcClock {
    private Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public void set(Instant instant) {
        now = instant;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
