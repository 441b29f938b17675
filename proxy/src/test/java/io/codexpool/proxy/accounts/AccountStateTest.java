package io.codexpool.proxy.accounts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.codexpool.persistence.accounts.AccountStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An account's fields under concurrent writers: counts kept, related fields never mixed. */
class AccountStateTest {
    private static final int THREADS = 4;
    private static final int ERRORS_EACH = 100_000;

    @Test
    void failuresCountedFromManyThreadsAreAllKept() throws Exception {
        AccountState account = new AccountState("a");
        Instant now = Instant.now();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < ERRORS_EACH; i++) {
                    account.error("status 500", now);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(THREADS * ERRORS_EACH, account.errorStreak().consecutiveErrors());
        account.succeeded();
        assertEquals(0, account.errorStreak().consecutiveErrors());
        assertNull(account.errorStreak().backoffUntil());
        assertEquals("status 500", account.errorStreak().lastError(), "the last error stays readable");
    }

    /**
     * A limit is set in memory, then written to the database; a refresh whose read began between the two sees the
     * row from before the limit, and must not put the account back in the pool with it.
     */
    @Test
    void aRowReadBeforeTheLimitWasStoredDoesNotLiftTheLimit() {
        AccountState account = new AccountState("a");
        Instant reset = Instant.now().plusSeconds(600);
        account.status(AccountStatus.RATE_LIMITED, reset, null);
        long readStarted = System.nanoTime(); // the refresh reads the accounts table before the limit is written
        account.statusStored();
        account.stored("a@example.com", "acc-a", "plus", AccountStatus.ACTIVE, null, null, null, null, null,
                readStarted);
        assertEquals(AccountStatus.RATE_LIMITED, account.status());
        assertEquals(reset, account.resetAt());

        account.stored("a@example.com", "acc-a", "plus", AccountStatus.ACTIVE, null, null, null, null, null,
                System.nanoTime());
        assertEquals(AccountStatus.ACTIVE, account.status(), "a row read after the write is applied");
    }

    @Test
    void aReaderNeverSeesOneStatusWithAnothersResetOrReason() throws Exception {
        AccountState account = new AccountState("a");
        Instant reset = Instant.now().plusSeconds(600);
        AtomicReference<String> mix = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200_000; i++) {
                if (i % 2 == 0) {
                    account.status(AccountStatus.RATE_LIMITED, reset, null);
                } else {
                    account.status(AccountStatus.DEACTIVATED, null, "signed out");
                }
            }
        });
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writer.isAlive() && mix.get() == null) {
                AccountState.StatusFields seen = account.statusFields();
                boolean consistent = seen.status() == null
                        || seen.status() == AccountStatus.RATE_LIMITED && reset.equals(seen.resetAt())
                        && seen.deactivationReason() == null
                        || seen.status() == AccountStatus.DEACTIVATED && seen.resetAt() == null
                        && "signed out".equals(seen.deactivationReason());
                if (!consistent) {
                    mix.set(seen.toString());
                }
            }
        });
        writer.join(TimeUnit.SECONDS.toMillis(30));
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertNull(mix.get(), "mixed fields seen");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
