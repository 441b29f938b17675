package io.codexpool.persistence.entities;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.persistence.usage.UsageWindow;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestDatabase.class)
@HelidonTest
class EntityRoundTripTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Inject
    AccountRepository accounts;
    @Inject
    UsageSampleRepository usage;
    @Inject
    RequestLogRepository requestLogs;
    @Inject
    StickySessionRepository sticky;
    @Inject
    SettingsRepository settings;
    @Inject
    TokenCipher cipher;

    @Test
    void accountKeepsEveryColumnAndItsTokensOnlyEncrypted() {
        Account account = new Account("a@example.com", "chatgpt-1", "plus", NOW);
        account.setStatus(AccountStatus.DEACTIVATED);
        account.setDeactivationReason("refresh token reused");
        account.setAccessTokenEncrypted(cipher.encrypt("access-secret"));
        account.setRefreshTokenEncrypted(cipher.encrypt("refresh-secret"));
        account.setIdTokenEncrypted(cipher.encrypt("id-secret"));
        account.setLastRefreshAt(NOW.minusSeconds(60));
        account.setResetAt(NOW.plusSeconds(3600));
        accounts.save(account);

        Account loaded = accounts.findById(account.getId()).orElseThrow();
        assertEquals("a@example.com", loaded.getEmail());
        assertEquals("chatgpt-1", loaded.getChatgptAccountId());
        assertEquals("plus", loaded.getPlanType());
        assertEquals(AccountStatus.DEACTIVATED, loaded.getStatus());
        assertEquals("refresh token reused", loaded.getDeactivationReason());
        assertEquals("access-secret", cipher.decrypt(loaded.getAccessTokenEncrypted()));
        assertEquals("refresh-secret", cipher.decrypt(loaded.getRefreshTokenEncrypted()));
        assertEquals("id-secret", cipher.decrypt(loaded.getIdTokenEncrypted()));
        assertArrayEquals(account.getAccessTokenEncrypted(), loaded.getAccessTokenEncrypted());
        assertEquals(NOW.minusSeconds(60), loaded.getLastRefreshAt());
        assertEquals(NOW, loaded.getCreatedAt());
        assertEquals(NOW.plusSeconds(3600), loaded.getResetAt());
        assertEquals("deactivated", TestDatabase.column("select status from accounts where id = ?",
                account.getId()).getFirst());
        byte[] stored = (byte[]) TestDatabase.column("select access_token_enc from accounts where id = ?",
                account.getId()).getFirst();
        assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains("access-secret"));
    }

    @Test
    void accountWithOnlyRequiredColumnsLoadsNulls() {
        Account account = accounts.save(new Account(null, null, null, NOW));
        Account loaded = accounts.findById(account.getId()).orElseThrow();
        assertEquals(AccountStatus.ACTIVE, loaded.getStatus());
        assertNull(loaded.getEmail());
        assertNull(loaded.getPlanType());
        assertNull(loaded.getAccessTokenEncrypted());
        assertNull(loaded.getLastRefreshAt());
        assertNull(loaded.getResetAt());
        assertTrue(accounts.delete(account.getId()));
        assertTrue(accounts.findById(account.getId()).isEmpty());
    }

    @Test
    void usageSamplesRoundTripAndTheNewestPerWindowIsFound() throws Exception {
        Account account = accounts.save(new Account("u@example.com", "c-u", "pro", NOW));
        usage.saveAll(List.of(
                new UsageSample(account.getId(), UsageWindow.PRIMARY, 10.5, 300, NOW.plusSeconds(100),
                        NOW.minusSeconds(10), UsageSource.POLL),
                new UsageSample(account.getId(), UsageWindow.PRIMARY, 42.25, 300, NOW.plusSeconds(90), NOW,
                        UsageSource.HEADER),
                new UsageSample(account.getId(), UsageWindow.SECONDARY, 7, null, null, NOW, UsageSource.POLL)));
        List<UsageSample> latest = usage.findLatestPerAccountAndWindow().stream()
                .filter(s -> s.getAccountId().equals(account.getId())).toList();
        assertEquals(2, latest.size());
        UsageSample primary = latest.stream().filter(s -> s.getWindow() == UsageWindow.PRIMARY).findFirst()
                .orElseThrow();
        assertEquals(42.25, primary.getUsedPercent());
        assertEquals(300, primary.getWindowMinutes());
        assertEquals(NOW.plusSeconds(90), primary.getResetAt());
        assertEquals(UsageSource.HEADER, primary.getSource());
        UsageSample secondary = latest.stream().filter(s -> s.getWindow() == UsageWindow.SECONDARY).findFirst()
                .orElseThrow();
        assertNull(secondary.getWindowMinutes());
        assertNull(secondary.getResetAt());
        assertEquals(1, usage.deleteRecordedBefore(NOW.minusSeconds(5)));
    }

    @Test
    void aBatchInsertedAgainAfterAnUncertainFailureIsNotStoredTwice() throws Exception {
        RequestLog one = new RequestLog().setRequestId("again-1").setRequestedAt(NOW.minusSeconds(3600).plusMillis(1))
                .setRoute("/v1/responses").setTransport("http").setLatencyMs(1).setStatusCode(200)
                .setStatus("success");
        RequestLog two = new RequestLog().setRequestId("again-2").setRequestedAt(NOW.minusSeconds(3600).plusMillis(2))
                .setRoute("/v1/responses").setTransport("http").setLatencyMs(1).setStatusCode(200)
                .setStatus("success");
        long before = requestLogs.count();
        requestLogs.insertAll(List.of(one, two)); // committed, though the writer was told it failed
        requestLogs.insertAllAgain(List.of(one, two));
        assertEquals(before + 2, requestLogs.count(), "the committed batch is not inserted again");

        RequestLog three = new RequestLog().setRequestId("again-3").setRequestedAt(NOW.minusSeconds(3600).plusMillis(3))
                .setRoute("/v1/responses").setTransport("http").setLatencyMs(1).setStatusCode(200)
                .setStatus("success");
        requestLogs.insertAllAgain(List.of(three));
        assertEquals(before + 3, requestLogs.count(), "a batch that did fail is inserted on its retry");
    }

    @Test
    void requestLogsKeepEveryColumnAndSurviveTheirAccountsDeletion() throws Exception {
        Account account = accounts.save(new Account("r@example.com", "c-r", "plus", NOW));
        RequestLog full = new RequestLog().setRequestId("req-1").setRequestedAt(NOW).setAccountId(account.getId())
                .setAccountEmail("r@example.com").setRoute("/v1/responses").setModel("gpt-5.4")
                .setTransport("http").setReasoningEffort("high").setServiceTier("priority").setInputTokens(100L)
                .setCachedInputTokens(40L).setOutputTokens(20L).setReasoningTokens(5L).setLatencyMs(1234)
                .setFirstTokenMs(321L).setStatusCode(200).setStatus("success")
                .setCostUsd(new BigDecimal("0.00123456"));
        RequestLog sparse = new RequestLog().setRequestId("req-2").setRequestedAt(NOW.minusSeconds(1))
                .setRoute("/v1/models").setTransport("http").setLatencyMs(3).setStatusCode(503).setStatus("error")
                .setErrorCode("no_accounts").setErrorMessage("x".repeat(3000));
        requestLogs.insertAll(List.of(full, sparse));
        accounts.delete(account.getId());

        List<RequestLog> newest = requestLogs.findNewest(10);
        RequestLog first = newest.get(0);
        assertEquals("req-1", first.getRequestId());
        assertNull(first.getAccountId(), "account emptied on delete");
        assertEquals("r@example.com", first.getAccountEmail(), "but still named");
        assertEquals(NOW, first.getRequestedAt());
        assertEquals("gpt-5.4", first.getModel());
        assertEquals("high", first.getReasoningEffort());
        assertEquals("priority", first.getServiceTier());
        assertEquals(100L, first.getInputTokens());
        assertEquals(40L, first.getCachedInputTokens());
        assertEquals(20L, first.getOutputTokens());
        assertEquals(5L, first.getReasoningTokens());
        assertEquals(1234, first.getLatencyMs());
        assertEquals(321L, first.getFirstTokenMs());
        assertEquals(new BigDecimal("0.00123456"), first.getCostUsd());
        RequestLog second = newest.get(1);
        assertNull(second.getModel());
        assertNull(second.getInputTokens());
        assertNull(second.getCostUsd(), "unknown cost stays unknown");
        assertEquals("no_accounts", second.getErrorCode());
        assertEquals(2000, second.getErrorMessage().length());
    }

    @Test
    void stickySessionsRoundTripByKeyAndKind() {
        Account account = accounts.save(new Account("s@example.com", "c-s", "plus", NOW));
        sticky.save(new StickySession("conv-1", StickyKind.CODEX_SESSION, account.getId(), NOW, NOW));
        sticky.save(new StickySession("conv-1", StickyKind.PROMPT_CACHE, account.getId(), NOW, NOW.plusSeconds(1)));
        StickySession loaded = sticky.find("conv-1", StickyKind.PROMPT_CACHE).orElseThrow();
        assertEquals(account.getId(), loaded.getAccountId());
        assertEquals(NOW.plusSeconds(1), loaded.getUpdatedAt());
        assertEquals(NOW, loaded.getCreatedAt());
        assertTrue(sticky.delete("conv-1", StickyKind.CODEX_SESSION));
        assertTrue(sticky.find("conv-1", StickyKind.CODEX_SESSION).isEmpty());
        accounts.delete(account.getId());
        assertTrue(sticky.find("conv-1", StickyKind.PROMPT_CACHE).isEmpty(), "mappings go with their account");
    }

    @Test
    void settingsRowStartsWithTheDefaultsAndKeepsChanges() {
        Settings defaults = settings.load();
        assertEquals(RoutingStrategy.DEPLETION_AWARE, defaults.getRoutingStrategy());
        assertEquals(0, new BigDecimal("95").compareTo(defaults.getBudgetThresholdPercent()));
        assertTrue(defaults.isPreferEarlierReset());
        assertTrue(defaults.isStickyThreadsEnabled());
        assertEquals(1800, defaults.getPromptCacheAffinityTtlSeconds());
        assertEquals(UpstreamTransport.DEFAULT, defaults.getUpstreamTransport());

        settings.save(new Settings(RoutingStrategy.ROUND_ROBIN, new BigDecimal("87.50"), false, false, 60,
                UpstreamTransport.WEBSOCKET, NOW));
        Settings changed = settings.load();
        assertEquals(RoutingStrategy.ROUND_ROBIN, changed.getRoutingStrategy());
        assertEquals(new BigDecimal("87.50"), changed.getBudgetThresholdPercent());
        assertFalse(changed.isPreferEarlierReset());
        assertFalse(changed.isStickyThreadsEnabled());
        assertEquals(60, changed.getPromptCacheAffinityTtlSeconds());
        assertEquals(UpstreamTransport.WEBSOCKET, changed.getUpstreamTransport());
        assertEquals(NOW, changed.getUpdatedAt());
        settings.save(defaults);
    }
}
