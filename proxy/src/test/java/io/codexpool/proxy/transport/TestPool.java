package io.codexpool.proxy.transport;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.persistence.usage.UsageWindow;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.settings.SettingsCache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test-only: seeds accounts and settings in the real database and waits for request-log rows. */
@ApplicationScoped
public class TestPool {
    @Inject
    AccountRepository accounts;
    @Inject
    UsageSampleRepository usage;
    @Inject
    SettingsRepository settings;
    @Inject
    SettingsCache settingsCache;
    @Inject
    AccountPool pool;
    @Inject
    TokenCipher cipher;
    @Inject
    RequestLogRepository requestLogs;

    /** No accounts, default settings with the given transport, a fresh fake. */
    public void reset(FakeChatGptBackend backend, UpstreamTransport transport) {
        accounts.findAll().forEach(a -> accounts.delete(a.getId()));
        transport(transport, RoutingStrategy.USAGE_WEIGHTED);
        settingsCache.refresh();
        backend.reset();
        pool.refresh();
    }

    /** Saves the settings row without refreshing the cache: the periodic refresh must pick it up. */
    public void transport(UpstreamTransport transport, RoutingStrategy strategy) {
        settings.save(new Settings(strategy, new BigDecimal("95"), true, true, 1800, transport, Instant.now()));
    }

    public String account(FakeChatGptBackend backend, String chatgptId, double primary, double secondary) {
        Account account = new Account(chatgptId + "@example.com", chatgptId, "plus", Instant.now());
        account.setAccessTokenEncrypted(cipher.encrypt(backend.account(chatgptId).accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt("refresh-" + chatgptId));
        account.setLastRefreshAt(Instant.now());
        accounts.save(account);
        Instant now = Instant.now();
        usage.saveAll(List.of(
                new UsageSample(account.getId(), UsageWindow.PRIMARY, primary, 300, now.plusSeconds(3600), now,
                        UsageSource.POLL),
                new UsageSample(account.getId(), UsageWindow.SECONDARY, secondary, 10080,
                        now.plus(5, ChronoUnit.DAYS), now, UsageSource.POLL)));
        backend.account(chatgptId).usage(primary, secondary);
        pool.refresh();
        return account.getId();
    }

    /** The request-log row of one request (sent with {@code x-client-request-id: requestId}), once written. */
    public RequestLog awaitRow(String requestId) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            List<RequestLog> rows = requestLogs.findNewest(100).stream()
                    .filter(row -> requestId.equals(row.getRequestId())).toList();
            if (!rows.isEmpty()) {
                assertEquals(1, rows.size(), "one request-log row per request");
                return rows.getFirst();
            }
            LockSupport.parkNanos(20_000_000); // poll: the writer batches asynchronously
        }
        throw new AssertionError("no request-log row for " + requestId);
    }

    /** The newest rows matching {@code filter}, once at least {@code count} exist. */
    public List<RequestLog> awaitRows(java.util.function.Predicate<RequestLog> filter, int count) {
        Instant deadline = Instant.now().plusSeconds(20);
        List<RequestLog> rows = List.of();
        while (Instant.now().isBefore(deadline)) {
            rows = requestLogs.findNewest(100).stream().filter(filter).toList();
            if (rows.size() >= count) {
                return rows;
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new AssertionError("expected " + count + " rows, found " + rows.size());
    }
}
