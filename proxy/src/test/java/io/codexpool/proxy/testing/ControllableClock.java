package io.codexpool.proxy.testing;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * A clock tests move forward by hand, replacing the wall clock for the whole service: add it with
 * {@code @AddBean(ControllableClock.class)}. It starts at the real time and keeps ticking with it; {@link #advance}
 * adds an offset.
 */
@Alternative
@Priority(1)
@Singleton
public class ControllableClock extends UtcClock {
    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
