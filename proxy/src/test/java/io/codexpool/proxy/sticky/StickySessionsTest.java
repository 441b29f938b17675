package io.codexpool.proxy.sticky;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;
import io.codexpool.persistence.sticky.StickySessionId;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;

import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class StickySessionsTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final Pattern ANSWERED_BY = Pattern.compile("Hello from (acc-[a-z0-9]+)");

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;
    @Inject
    StickySessionRepository stickyRows;
    @Inject
    AccountRepository accounts;
    @Inject
    AccountPool pool;
    @Inject
    StickyCleanup cleanup;
    @Inject
    StickyView view;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target);
    }

    @Test
    void sessionStaysOnItsAccountUpToTheThresholdForResponsesAndCompact() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        assertEquals("acc-a", backendTurn("S"));
        awaitRow("S", StickyKind.CODEX_SESSION, a);

        kit.usage(a, "acc-a", 95, 10);
        kit.usage(kit.accountId("acc-b"), "acc-b", 5, 5);
        assertEquals("acc-a", backendTurn("S"), "95 % is not above the 95 % threshold");
        HttpResponse<String> compact = kit.post("/backend-api/codex/responses/compact", "{\"model\":\"gpt-5.4\","
                + "\"input\":[]}", "session-id", "S");
        assertEquals(200, compact.statusCode(), compact.body());
        assertEquals(1, BACKEND.account("acc-a").compactCount(), "compact follows the session too");
    }

    @Test
    void sessionMovesWhenItsAccountCrossesTheThreshold() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        String b = kit.account("acc-b", 20, 20);
        assertEquals("acc-a", backendTurn("S"));
        kit.usage(a, "acc-a", 99, 10);
        assertEquals("acc-b", backendTurn("S"));
        awaitRow("S", StickyKind.CODEX_SESSION, b);
        assertEquals("acc-b", backendTurn("S"), "and stays there");
    }

    @Test
    void noThrashWhileEveryCandidateIsPressuredButMovesOnceOneIsNot() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        String b = kit.account("acc-b", 20, 20);
        kit.account("acc-c", 30, 30);
        assertEquals("acc-a", backendTurn("S"));
        kit.usage(a, "acc-a", 96, 10);
        kit.usage(b, "acc-b", 97, 10);
        kit.usage(kit.accountId("acc-c"), "acc-c", 98, 10);
        assertEquals("acc-a", backendTurn("S"));
        assertEquals("acc-a", backendTurn("S"));
        kit.usage(b, "acc-b", 50, 10);
        assertEquals("acc-b", backendTurn("S"));
        awaitRow("S", StickyKind.CODEX_SESSION, b);
    }

    @Test
    void v1RoutesIgnoreSessionHeadersButPinPromptCacheKeysUntilTheirTtl() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        assertEquals(200, kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}", "session-id", "X")
                .statusCode());
        assertEquals(200, kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\",\"prompt_cache_key\":"
                + "\"K\"}").statusCode());
        awaitRow("K", StickyKind.PROMPT_CACHE, a);
        assertTrue(stickyRows.find("X", StickyKind.CODEX_SESSION).isEmpty(), "no codex_session from /v1");

        kit.saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95", 1);
        kit.usage(a, "acc-a", 99, 10);
        Poll.until("prompt-cache TTL", Duration.ofSeconds(5), () -> stickyRows.find("K", StickyKind.PROMPT_CACHE)
                .map(row -> row.getUpdatedAt().plusSeconds(1).isBefore(Instant.now())).orElse(false));
        HttpResponse<String> moved = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\",\"stream\":true,"
                + "\"prompt_cache_key\":\"K\"}");
        assertEquals("acc-b", answeredBy(moved.body()));
        awaitRow("K", StickyKind.PROMPT_CACHE, kit.accountId("acc-b"));
    }

    @Test
    void pinnedAccountLimitedForSecondsIsWaitedForAndForMinutesIsLeft() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        String b = kit.account("acc-b", 20, 20);
        assertEquals("acc-a", backendTurn("S"));
        limit(a, Instant.now().plusSeconds(3));
        Instant asked = Instant.now();
        assertEquals("acc-a", backendTurn("S"), "waited for the reset");
        assertTrue(Duration.between(asked, Instant.now()).toMillis() >= 1000, "it did wait");

        limit(a, Instant.now().plus(10, ChronoUnit.MINUTES));
        assertEquals("acc-b", backendTurn("S"));
        awaitRow("S", StickyKind.CODEX_SESSION, b);
    }

    @Test
    void pausedOrDeletedPinnedAccountIsReplacedAndItsMappingGoes() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        String b = kit.account("acc-b", 20, 20);
        kit.account("acc-c", 30, 30);
        assertEquals("acc-a", backendTurn("S"));
        Account row = accounts.findById(a).orElseThrow();
        row.setStatus(AccountStatus.PAUSED);
        accounts.save(row);
        pool.refresh();
        assertEquals("acc-b", backendTurn("S"));
        awaitRow("S", StickyKind.CODEX_SESSION, b);

        accounts.delete(b);
        pool.refresh();
        assertEquals("acc-c", backendTurn("S"));
        awaitRow("S", StickyKind.CODEX_SESSION, kit.accountId("acc-c"));
    }

    @Test
    void concurrentRequestsOfOneKeyNeverSplitAcrossAccounts() throws Exception {
        kit.account("acc-a", 10, 10);
        kit.account("acc-b", 10, 10);
        kit.account("acc-c", 10, 10);
        kit.saveSettings(RoutingStrategy.ROUND_ROBIN, "95", 1800);
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            replies.add(kit.http().sendAsync(kit.request("/backend-api/codex/responses", backendBody(), "session-id",
                    "key-" + (i % 50)), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            assertEquals(200, reply.get().statusCode());
        }
        Map<String, String> accountOfKey = new HashMap<>();
        for (RecordedRequest request : BACKEND.turns()) {
            String key = request.header("session-id");
            String previous = accountOfKey.putIfAbsent(key, request.accountId());
            assertTrue(previous == null || previous.equals(request.accountId()), key + " alternated");
        }
        assertEquals(50, accountOfKey.size());
        Poll.until("50 rows", Duration.ofSeconds(5), () -> TestDatabase.column(
                "select count(*) from sticky_sessions where kind = 'codex_session' and session_key like 'key-%'")
                .getFirst().toString().equals("50"));
        for (Map.Entry<String, String> entry : accountOfKey.entrySet()) {
            awaitRow(entry.getKey(), StickyKind.CODEX_SESSION, kit.accountId(entry.getValue()));
        }
    }

    @Test
    void cleanupDeletesOnlyExpiredPromptCacheMappings() {
        String a = kit.account("acc-a", 10, 10);
        Instant old = Instant.now().minusSeconds(3600);
        stickyRows.save(new StickySession("old-cache", StickyKind.PROMPT_CACHE, a, old, old));
        stickyRows.save(new StickySession("fresh-cache", StickyKind.PROMPT_CACHE, a, Instant.now(), Instant.now()));
        stickyRows.save(new StickySession("old-session", StickyKind.CODEX_SESSION, a, old, old));
        assertEquals(1, cleanup.deleteExpired());
        assertTrue(stickyRows.find("old-cache", StickyKind.PROMPT_CACHE).isEmpty());
        assertTrue(stickyRows.find("fresh-cache", StickyKind.PROMPT_CACHE).isPresent());
        assertTrue(stickyRows.find("old-session", StickyKind.CODEX_SESSION).isPresent(), "durable kinds stay");
    }

    private void limit(String accountId, Instant resetAt) {
        Account row = accounts.findById(accountId).orElseThrow();
        row.setStatus(AccountStatus.RATE_LIMITED);
        row.setResetAt(resetAt);
        accounts.save(row);
        pool.refresh();
    }

    private String backendTurn(String session) throws Exception {
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody(), "session-id", session);
        assertEquals(200, response.statusCode(), response.body());
        return answeredBy(response.body());
    }

    /** Which account wrote the streamed answer, read from its text deltas. */
    private static String answeredBy(String body) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ") && line.contains("response.output_text.delta")) {
                text.append(Json.MAPPER.readTree(line.substring(6)).path("delta").asText());
            }
        }
        Matcher matcher = ANSWERED_BY.matcher(text);
        assertTrue(matcher.find(), "no answer in: " + body);
        return matcher.group(1);
    }

    @Test
    void aMappingToAnAccountDeletedMeanwhileDoesNotHoldUpLaterMappings() {
        String gone = kit.account("acc-gone", 10, 10);
        String b = kit.account("acc-b", 20, 20);
        accounts.delete(gone); // this replica's pool still lists it for up to a second
        view.bind(new StickySessionId("to-deleted", StickyKind.CODEX_SESSION), gone);
        view.bind(new StickySessionId("later", StickyKind.CODEX_SESSION), b);
        awaitRow("later", StickyKind.CODEX_SESSION, b);
        view.bind(new StickySessionId("even-later", StickyKind.CODEX_SESSION), b);
        awaitRow("even-later", StickyKind.CODEX_SESSION, b);
        assertTrue(stickyRows.find("to-deleted", StickyKind.CODEX_SESSION).isEmpty());
    }

    @Test
    void mappingsUnusedForADayLeaveMemoryButStillHoldWhenTheirConversationComesBack() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        java.time.LocalDateTime twoDaysAgo = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusDays(2);
        TestDatabase.update("INSERT INTO sticky_sessions (session_key, kind, account_id, created_at, updated_at) "
                + "VALUES ('old-conversation', 'codex_session', ?, ?, ?)", a, twoDaysAgo, twoDaysAgo);
        assertEquals("acc-a", backendTurn("recent-conversation"));
        awaitRow("recent-conversation", StickyKind.CODEX_SESSION, a);

        view.reload();
        assertFalse(view.remembers(new StickySessionId("old-conversation", StickyKind.CODEX_SESSION)));
        assertTrue(view.remembers(new StickySessionId("recent-conversation", StickyKind.CODEX_SESSION)));

        kit.usage(a, "acc-a", 60, 60); // a fresh choice would now be acc-b
        assertEquals("acc-a", backendTurn("old-conversation"), "read from the database, the mapping still holds");
        assertTrue(view.remembers(new StickySessionId("old-conversation", StickyKind.CODEX_SESSION)));
    }

    @Test
    void aPromptCacheKeyLongerThanTheColumnSticksAndDoesNotHoldUpLaterMappings() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        String longKey = "k".repeat(300);
        String turn = "{\"model\":\"gpt-5.4\",\"input\":\"hi\",\"stream\":true,\"prompt_cache_key\":\""
                + longKey + "\"}";
        assertEquals("acc-a", answeredBy(kit.post("/v1/responses", turn).body()));
        assertEquals("acc-a", backendTurn("S"));
        awaitRow("S", StickyKind.CODEX_SESSION, a); // a later mapping is written: the long one broke nothing

        String stored = new StickyKey(StickyKind.PROMPT_CACHE, longKey, false).key();
        assertTrue(stored.length() <= StickyKey.MAX_STORED_LENGTH, stored);
        awaitRow(stored, StickyKind.PROMPT_CACHE, a);
        view.evict(new StickySessionId(stored, StickyKind.PROMPT_CACHE)); // as after a restart or on another replica
        kit.usage(a, "acc-a", 60, 60); // a fresh choice would now be acc-b
        assertEquals("acc-a", answeredBy(kit.post("/v1/responses", turn).body()), "the long key still sticks");
    }

    @Test
    void aMappingTheDatabaseRefusesIsDroppedOnceAndLaterMappingsAreWritten() {
        String b = kit.account("acc-b", 20, 20);
        long droppedBefore = view.dropped();
        view.bind(new StickySessionId("x".repeat(300), StickyKind.CODEX_SESSION), b); // too long for the column
        view.bind(new StickySessionId("later", StickyKind.CODEX_SESSION), b);
        awaitRow("later", StickyKind.CODEX_SESSION, b);
        view.bind(new StickySessionId("even-later", StickyKind.CODEX_SESSION), b);
        awaitRow("even-later", StickyKind.CODEX_SESSION, b);
        assertEquals(droppedBefore + 1, view.dropped(), "dropped once, not retried");
    }

    private void awaitRow(String key, StickyKind kind, String accountId) {
        Poll.until(key + " -> " + accountId, Duration.ofSeconds(3), () -> stickyRows.find(key, kind)
                .map(StickySession::getAccountId).filter(accountId::equals).isPresent());
    }

    private static String backendBody() {
        return "{\"model\":\"gpt-5.4\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"stream\":true}";
    }
}
