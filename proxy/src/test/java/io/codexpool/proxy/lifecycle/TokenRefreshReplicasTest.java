package io.codexpool.proxy.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.leases.LeaseRepository;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.AuthServer;
import io.codexpool.proxy.accounts.TokenRefresher;
import io.codexpool.proxy.metrics.PoolMetrics;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas on one database that need the same account's tokens refreshed at the same moment. Refresh tokens
 * rotate and a reused one is refused for good, so only one of them may refresh; the other must take its tokens.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
class TokenRefreshReplicasTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    @Inject
    AccountRepository accounts;
    @Inject
    UsageSampleRepository usage;
    @Inject
    TokenCipher cipher;
    @Inject
    LeaseRepository leases;
    @Inject
    AccountPool pool;
    @Inject
    TokenRefresher refresher;
    @Inject
    PoolMetrics metrics;

    private AccountPool otherPool;
    private TokenRefresher otherReplica;

    @BeforeEach
    void twoReplicas() {
        accounts.findAll().forEach(a -> accounts.delete(a.getId()));
        BACKEND.reset();
        otherPool = new AccountPool(accounts, usage, cipher, Clock.systemUTC(), 1000, 100_000);
        otherReplica = new TokenRefresher(otherPool, metrics, leases, Clock.systemUTC(),
                new AuthServer(BACKEND.authBaseUrl(), "app_test"), 8);
        // Long enough that both replicas are inside their refresh at once.
        BACKEND.oauth().refreshDelay(Duration.ofMillis(300));
    }

    @Test
    void bothFindingTheTokenStaleRefreshItOnceAndTheAccountStaysActive() throws Exception {
        String id = account("acc-shared", Instant.now().minus(9, ChronoUnit.DAYS));
        List<Boolean> usable = atOnce(() -> refresher.refreshIfStale(state(pool, id)),
                () -> otherReplica.refreshIfStale(state(otherPool, id)));

        assertEquals(List.of(true, true), usable, "both replicas may use the account");
        assertRefreshedOnceAndShared(id);
    }

    @Test
    void bothRejectedWithTheSameOldTokenRefreshItOnce() throws Exception {
        String id = account("acc-rejected", Instant.now().minus(1, ChronoUnit.DAYS));
        Instant tokenFrom = state(pool, id).lastRefreshAt();
        BACKEND.account("acc-rejected").accessToken("revoked-upstream");
        List<Boolean> usable = atOnce(() -> refresher.refreshRejected(state(pool, id), tokenFrom),
                () -> otherReplica.refreshRejected(state(otherPool, id), tokenFrom));

        assertEquals(List.of(true, true), usable, "both replicas hold a fresh token");
        assertRefreshedOnceAndShared(id);
    }

    @Test
    void aSignInOnAnotherReplicaIsStoredAfterTheRefreshUnderWayNotBeforeIt() throws Exception {
        assertASignInWaitsForTheRefreshUnderWay(otherPool, otherReplica);
    }

    @Test
    void aSignInOnTheRefreshingReplicaIsStoredAfterTheRefreshUnderWayNotBeforeIt() throws Exception {
        assertASignInWaitsForTheRefreshUnderWay(pool, refresher);
    }

    /**
     * A refresh with the old refresh token is under way at the token endpoint when the account is signed in again: the
     * sign-in's write must come after the refresh has stored its tokens, or those would land over the new ones.
     */
    private void assertASignInWaitsForTheRefreshUnderWay(AccountPool refreshingPool, TokenRefresher refreshing)
            throws Exception {
        String id = account("acc-signin", Instant.now().minus(9, ChronoUnit.DAYS));
        BACKEND.oauth().refreshDelay(Duration.ofSeconds(1));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Boolean> refresh = threads.submit(() -> refreshing.refreshIfStale(state(refreshingPool, id)));
            Poll.until("the refresh at the token endpoint", Duration.ofSeconds(10),
                    () -> BACKEND.oauth().refreshCount() == 1);

            Instant seenBySignIn = refresher.storingSignIn(id,
                    () -> accounts.findById(id).orElseThrow().getLastRefreshAt());

            assertTrue(seenBySignIn.isAfter(Instant.now().minus(1, ChronoUnit.DAYS)),
                    "the refresh had stored its tokens when the sign-in wrote: " + seenBySignIn);
            assertTrue(refresh.get());
        }
    }

    private void assertRefreshedOnceAndShared(String id) {
        assertEquals(1, BACKEND.oauth().refreshCount(), "one refresh; the other replica took its tokens");
        Account row = accounts.findById(id).orElseThrow();
        assertEquals(AccountStatus.ACTIVE, row.getStatus(), String.valueOf(row.getDeactivationReason()));
        String issued = BACKEND.account(row.getChatgptAccountId()).accessToken();
        assertEquals(issued, cipher.decrypt(row.getAccessTokenEncrypted()));
        assertEquals(issued, pool.accessToken(state(pool, id)));
        assertEquals(issued, otherPool.accessToken(state(otherPool, id)));
        assertTrue(cipher.decrypt(row.getRefreshTokenEncrypted()).startsWith("refresh-" + row.getChatgptAccountId()
                + "-"), "the rotated refresh token is stored");
    }

    private String account(String chatgptId, Instant lastRefresh) {
        Account account = new Account(chatgptId + "@example.com", chatgptId, "plus", Instant.now());
        account.setAccessTokenEncrypted(cipher.encrypt(BACKEND.account(chatgptId).accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt("refresh-" + chatgptId));
        account.setLastRefreshAt(lastRefresh);
        accounts.save(account);
        pool.refresh();
        otherPool.refresh();
        return account.getId();
    }

    private static AccountState state(AccountPool replica, String id) {
        return replica.get(id).orElseThrow();
    }

    /** Runs both at the same moment and returns their results in order. */
    private static List<Boolean> atOnce(Callable<Boolean> first, Callable<Boolean> second) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = List.of(first, second).stream().map(task -> threads.submit(() -> {
                start.await();
                return task.call();
            })).toList();
            start.countDown();
            return List.of(results.get(0).get(), results.get(1).get());
        }
    }
}
