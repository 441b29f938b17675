package io.codexpool.proxy.testing;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexpool.testing.Poll;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A periodic re-read of a cache that began before an admin's change, against the change's own re-read: the first
 * read is held back until the second re-read has run or waits for the first, then let go. A cache that applies its
 * re-reads one at a time ends with the second read; one that does not, with the older first read.
 */
public final class OverlappingRereads {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CountDownLatch olderReading = new CountDownLatch(1);
    private final CountDownLatch letOlderGo = new CountDownLatch(1);
    private final AtomicInteger reads = new AtomicInteger();

    /** Call in the stubbed read: true for the first, older read (once it is let go), false for the later ones. */
    public boolean older() {
        if (reads.getAndIncrement() != 0) {
            return false;
        }
        olderReading.countDown();
        try {
            assertTrue(letOlderGo.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    /** Runs {@code reread} twice, overlapping as described, and returns once both have ended. */
    public void run(Runnable reread) throws InterruptedException {
        Thread periodic = Thread.ofVirtual().start(reread);
        assertTrue(olderReading.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        Thread afterChange = Thread.ofVirtual().start(reread);
        Poll.until("the change's re-read done or waiting", WAIT,
                () -> EnumSet.of(Thread.State.TERMINATED, Thread.State.BLOCKED, Thread.State.WAITING)
                        .contains(afterChange.getState()));
        letOlderGo.countDown();
        periodic.join();
        afterChange.join();
    }
}
