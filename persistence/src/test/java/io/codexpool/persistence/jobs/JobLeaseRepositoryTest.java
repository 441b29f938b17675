package io.codexpool.persistence.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
class JobLeaseRepositoryTest {
    @Inject
    JobLeaseRepository leases;

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
                        return leases.acquire(job, replica, Duration.ofMinutes(1)).held();
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
        assertTrue(leases.acquire("renewed", "a", Duration.ofMinutes(1)).held());
        assertFalse(leases.acquire("renewed", "b", Duration.ofMinutes(1)).held());
        assertTrue(leases.acquire("renewed", "a", Duration.ofMinutes(1)).held());
        assertEquals("a", leases.holder("renewed"));
        leases.release("renewed", "a");
        assertTrue(leases.acquire("renewed", "b", Duration.ofMinutes(1)).held());
    }
}
