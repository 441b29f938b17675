package io.codexpool.proxy.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restart after a week away: every account's tokens are past the refresh age and a burst of requests arrives at
 * once. Each account is refreshed exactly once (the fake auth server refuses a reused refresh token), every request
 * succeeds, and within a bounded time: a refresh no longer holds a pooled connection while it waits and works, so
 * many at once cannot drain the pool (16 connections, the default) and stall everything that writes.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.db.pool-size", value = "16")
@AddConfig(key = "codexpool.usage.poll-seconds", value = "1000000")
@AddConfig(key = "codexpool.models.refresh-seconds", value = "1000000")
class MassRefreshTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final int ACCOUNTS = 24;
    private static final int REQUESTS = 64;
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;
    @Inject
    AccountRepository accounts;
    @Inject
    AccountPool pool;
    @Inject
    TokenCipher cipher;

    @Test
    void twentyFourStaleAccountsAndSixtyFourConcurrentRequestsAllSucceedWithOneRefreshEach() throws Exception {
        kit.reset(target);
        // Alternating over all accounts, the 64 requests reach every one of the 24.
        kit.saveSettings(RoutingStrategy.ROUND_ROBIN, "95", 1800);
        for (int i = 0; i < ACCOUNTS; i++) {
            staleAccount("acc-stale-" + i);
        }
        pool.refresh();
        // Long enough that every refresh is in flight at once, as after a restart.
        BACKEND.oauth().refreshDelay(Duration.ofMillis(300));

        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> replies = new ArrayList<>();
        long began;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < REQUESTS; i++) {
                replies.add(clients.submit(() -> {
                    start.await();
                    return kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
                }));
            }
            began = System.nanoTime();
            start.countDown();
            for (Future<HttpResponse<String>> reply : replies) {
                HttpResponse<String> response = reply.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertTrue(took.compareTo(BOUND) < 0, "all answered in " + took);

        assertEquals(ACCOUNTS, BACKEND.oauth().refreshCount(), "each account refreshed exactly once");
        for (Account row : accounts.findAll()) {
            assertEquals(AccountStatus.ACTIVE, row.getStatus(), String.valueOf(row.getDeactivationReason()));
            assertTrue(row.getLastRefreshAt().isAfter(Instant.now().minus(1, ChronoUnit.HOURS)), row.getEmail());
            assertEquals(BACKEND.account(row.getChatgptAccountId()).accessToken(),
                    cipher.decrypt(row.getAccessTokenEncrypted()), "the rotated token is stored");
        }
        // Nothing that writes was starved meanwhile: every request left its request-log row.
        kit.awaitRows(row -> true, REQUESTS);
    }

    private void staleAccount(String chatgptId) {
        Account account = new Account(chatgptId + "@example.com", chatgptId, "plus", Instant.now());
        account.setAccessTokenEncrypted(cipher.encrypt(BACKEND.account(chatgptId).accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt("refresh-" + chatgptId));
        account.setLastRefreshAt(Instant.now().minus(9, ChronoUnit.DAYS));
        accounts.save(account);
    }
}
