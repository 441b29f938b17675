package io.codexpool.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Deadline-bounded waits for something another thread or process does. Between checks it parks rather than spins: on
 * a two-core machine a spinning test starves the very threads it waits for.
 */
public final class Poll {
    private static final long INTERVAL_NANOS = Duration.ofMillis(20).toNanos();

    private Poll() {
    }

    /** Returns once {@code condition} holds; fails the test, naming {@code what}, after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition::getAsBoolean, done -> done);
    }

    /**
     * Reads {@code value} until it satisfies {@code done} and returns it; fails the test after {@code timeout}, naming
     * {@code what} and the last value read.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> value, Predicate<? super T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = value.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: "
                        + last);
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
            last = value.get();
        }
        return last;
    }
}
