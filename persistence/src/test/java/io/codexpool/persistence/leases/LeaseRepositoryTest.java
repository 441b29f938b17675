package io.codexpool.persistence.leases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestDatabase.class)
@HelidonTest
class LeaseRepositoryTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Inject
    LeaseRepository leases;

    @Test
    void replicasCheckingTheSameLeaseAtOnceNeverDeadlockAndExactlyOneHoldsIt() throws Exception {
        int replicas = 6;
        int rounds = 40;
        for (int round = 0; round < rounds; round++) {
            String job = "contended-" + round; // a new row each round: the first check inserts it
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> held = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(replicas)) {
                for (int r = 0; r < replicas; r++) {
                    String replica = "replica-" + r;
                    held.add(pool.submit(() -> {
                        start.await();
                        return leases.acquire(job, replica, MINUTE).isPresent();
                    }));
                }
                start.countDown();
                int holders = 0;
                for (Future<Boolean> h : held) {
                    try {
                        holders += h.get() ? 1 : 0;
                    } catch (ExecutionException e) {
                        throw new AssertionError("a lease check failed in round " + round, e.getCause());
                    }
                }
                assertEquals(1, holders, "round " + round);
            }
        }
    }

    @Test
    void theHolderRenewsAndOthersWaitUntilItReleases() {
        Lease first = leases.acquire("renewed", "a", MINUTE).orElseThrow();
        assertTrue(leases.acquire("renewed", "b", MINUTE).isEmpty());
        Lease renewed = leases.acquire("renewed", "a", MINUTE).orElseThrow();
        assertEquals(first.fence(), renewed.fence(), "renewing keeps the fence");
        assertEquals("a", leases.holder("renewed"));
        leases.release(renewed);
        Lease next = leases.acquire("renewed", "b", MINUTE).orElseThrow();
        assertEquals(first.fence() + 1, next.fence(), "a new holder gets the next fence");
    }

    @Test
    void aHolderWhoseLeaseChangedHandsCanNeitherRenewNorReleaseNorNoteARun() {
        Lease stale = leases.acquire("fenced", "slow", Duration.ofMillis(1)).orElseThrow();
        Lease taken = Poll.until("the short lease to expire", Duration.ofSeconds(5),
                () -> leases.acquire("fenced", "fast", MINUTE), Optional::isPresent).orElseThrow();
        assertFalse(leases.renew(stale, MINUTE), "the old holding is fenced off");
        assertFalse(leases.ran(stale));
        leases.release(stale);
        assertEquals("fast", leases.holder("fenced"), "the old holder's release left the new holding alone");
        assertTrue(leases.renew(taken, MINUTE));
        // The same holder name taking the lease again after it changed hands still gets a new fence.
        leases.release(taken);
        assertTrue(leases.acquire("fenced", "slow", MINUTE).orElseThrow().fence() > stale.fence());
    }
}
