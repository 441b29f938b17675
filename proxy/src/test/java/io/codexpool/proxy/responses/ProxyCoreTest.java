package io.codexpool.proxy.responses;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
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
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.requestlogs.RequestLogWriter;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.upstream.Json;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy routes end to end: real HTTP, the fake ChatGPT backend, real MariaDB. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class ProxyCoreTest {
    private static final FakeChatGptBackend BACKEND = FakeChatGptBackend.start();

    static {
        System.setProperty("codexpool.upstream.base-url", BACKEND.baseUrl());
        System.setProperty("codexpool.auth.base-url", BACKEND.authBaseUrl());
        System.setProperty("codexpool.upstream.idle-timeout-seconds", "2");
        // these scenarios are about HTTP/SSE upstream; gpt-5.4 would pick WebSocket under auto (UpstreamTransportTest)
        System.setProperty("codexpool.upstream.transport", "http");
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebTarget target;
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
    @Inject
    RequestLogWriter requestLogWriter;

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
        System.clearProperty("codexpool.upstream.base-url");
        System.clearProperty("codexpool.auth.base-url");
        System.clearProperty("codexpool.upstream.idle-timeout-seconds");
        System.clearProperty("codexpool.upstream.transport");
    }

    @BeforeEach
    void cleanSlate() {
        accounts.findAll().forEach(a -> accounts.delete(a.getId()));
        saveSettings(RoutingStrategy.CAPACITY_WEIGHTED, "95");
        BACKEND.reset();
        pool.refresh();
    }

    @Test
    void freshRequestGoesToTheBudgetSafeAccountAndAThresholdChangeAppliesWithoutRestart() throws Exception {
        String a = account("acc-a", 99, 20);
        String b = account("acc-b", 10, 20);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
            assertEquals(200, response.statusCode(), response.body());
        }
        assertEquals(0, BACKEND.account("acc-a").responseCount(), "pressured account avoided");
        assertEquals(5, BACKEND.account("acc-b").responseCount());

        saveSettings(RoutingStrategy.ROUND_ROBIN, "100");
        Instant deadline = Instant.now().plusSeconds(5);
        while (BACKEND.account("acc-a").responseCount() == 0 && Instant.now().isBefore(deadline)) {
            assertEquals(200, post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}").statusCode());
        }
        assertTrue(BACKEND.account("acc-a").responseCount() > 0, "threshold 100 made A eligible without restart");
        assertNotNull(a);
        assertNotNull(b);
    }

    @Test
    void rateLimitedAccountFailsOverAndGetsNoRequestBeforeItsReset() throws Exception {
        String a = account("acc-a", 10, 10);
        account("acc-b", 50, 50);
        saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95");
        Instant reset = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        BACKEND.account("acc-a").enqueue(Reply.usageLimitReached(reset));
        HttpResponse<String> first = post("/backend-api/codex/responses", backendBody());
        assertEquals(200, first.statusCode());
        assertTrue(first.body().contains("Hello from acc-b"), first.body());
        assertTrue(first.body().contains("response.completed"));

        Account stored = accounts.findById(a).orElseThrow();
        assertEquals(AccountStatus.RATE_LIMITED, stored.getStatus());
        assertEquals(reset, stored.getResetAt());
        for (int i = 0; i < 3; i++) {
            assertTrue(post("/backend-api/codex/responses", backendBody()).body().contains("Hello from acc-b"));
        }
        assertEquals(1, BACKEND.account("acc-a").responseCount(), "no request to A before its reset");
    }

    @Test
    void quotaErrorInTheFirstEventFailsOverAndMarksTheAccount() throws Exception {
        String a = account("acc-a", 10, 10);
        account("acc-b", 50, 50);
        saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95");
        BACKEND.account("acc-a").enqueue(Reply.failedInFirstEvent("insufficient_quota"));
        HttpResponse<String> response = post("/backend-api/codex/responses", backendBody());
        assertTrue(response.body().contains("Hello from acc-b"), response.body());
        assertFalse(response.body().contains("insufficient_quota"), "the failed attempt never reached the client");
        assertEquals(AccountStatus.QUOTA_EXCEEDED, accounts.findById(a).orElseThrow().getStatus());
    }

    @Test
    void serverErrorsAreRetriedThreeTimesOnTheSameAccountThenTheNextServes() throws Exception {
        account("acc-a", 10, 10);
        account("acc-b", 50, 50);
        saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95");
        BACKEND.account("acc-a").enqueue(Reply.serverError(), Reply.serverError(), Reply.serverError());
        HttpResponse<String> response = post("/backend-api/codex/responses", backendBody());
        assertTrue(response.body().contains("Hello from acc-b"), response.body());
        assertEquals(3, BACKEND.account("acc-a").responseCount());
    }

    @Test
    void unauthorizedAccountRefreshesItsTokenOnceAndTheRetrySucceeds() throws Exception {
        String a = account("acc-a", 10, 10);
        BACKEND.account("acc-a").accessToken("rotated-elsewhere");
        HttpResponse<String> response = post("/backend-api/codex/responses", backendBody());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("Hello from acc-a"));
        assertEquals(1, BACKEND.oauth().refreshCount());
        List<RecordedRequest> calls = BACKEND.requests("acc-a", "/codex/responses");
        assertEquals(2, calls.size());
        assertEquals(BACKEND.account("acc-a").accessToken(), calls.get(1).bearerToken(), "retried with new token");
        assertEquals(BACKEND.account("acc-a").accessToken(),
                cipher.decrypt(accounts.findById(a).orElseThrow().getAccessTokenEncrypted()), "stored encrypted");
    }

    @Test
    void compactDropsToolFieldsAndReturnsTheUpstreamObjectUnchanged() throws Exception {
        account("acc-a", 10, 10);
        String body = "{\"model\":\"gpt-5.4\",\"input\":[],\"tools\":[{\"type\":\"image_generation\"}],"
                + "\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"store\":true,\"stream\":true}";
        String upstreamObject = "{\"id\":\"cmp_9\",\"object\":\"response.compaction\",\"output\":[{\"x\":1}]}";
        BACKEND.account("acc-a").enqueueCompact(Reply.status(200, upstreamObject));
        HttpResponse<String> response = post("/backend-api/codex/responses/compact", body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(upstreamObject, response.body());
        JsonNode sent = BACKEND.requests("acc-a", "/codex/responses/compact").getFirst().json();
        for (String field : List.of("tools", "tool_choice", "parallel_tool_calls", "store", "stream")) {
            assertFalse(sent.has(field), field + " must not reach upstream: " + sent);
        }
    }

    @Test
    void imageGenerationToolPassesOnResponsesAndIsRefusedOnChatCompletions() throws Exception {
        account("acc-a", 10, 10);
        String tools = "[{\"type\":\"image_generation\",\"size\":\"1024x1024\"},{\"type\":\"computer_use\"},"
                + "{\"type\":\"tool_from_the_future\",\"x\":1}]";
        HttpResponse<String> ok = post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"draw\",\"tools\":"
                + tools + "}");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode sent = BACKEND.requests("acc-a", "/codex/responses").getFirst().json();
        assertEquals(Json.MAPPER.readTree(tools), sent.get("tools"));
        assertFalse(sent.get("store").asBoolean());

        HttpResponse<String> refused = post("/v1/chat/completions", "{\"model\":\"gpt-5.4\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"draw\"}],\"tools\":[{\"type\":\"image_generation\"}]}");
        assertEquals(400, refused.statusCode());
        JsonNode error = Json.MAPPER.readTree(refused.body()).get("error");
        assertEquals("tools", error.get("param").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals(1, BACKEND.requests("acc-a", "/codex/responses").size(), "nothing more reached upstream");
    }

    @Test
    void largeEventsPassWhileOversizedAndCutStreamsEndWithASynthesizedFailure() throws Exception {
        account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.text("big").withLargeEvent(3 * 1024 * 1024),
                Reply.text("huge").withLargeEvent(17 * 1024 * 1024), Reply.text("cut me off").cutAfter(3),
                Reply.text("silence").stallAfter(2));
        String big = post("/backend-api/codex/responses", backendBody()).body();
        assertTrue(big.length() > 3 * 1024 * 1024 && big.contains("response.completed"), "3 MiB event intact");

        String huge = post("/backend-api/codex/responses", backendBody()).body();
        assertTrue(huge.contains("stream_event_too_large"), huge.substring(0, Math.min(500, huge.length())));
        assertTrue(huge.length() < 1024 * 1024);

        String cut = post("/backend-api/codex/responses", backendBody()).body();
        assertTrue(cut.contains("stream_incomplete"), cut);
        assertFalse(cut.contains("response.completed"));

        String stalled = post("/backend-api/codex/responses", backendBody()).body();
        assertTrue(stalled.contains("stream_idle_timeout"), stalled);
    }

    @Test
    void chatCompletionsStreamAndNonStreamAreTranslated() throws Exception {
        account("acc-a", 10, 10);
        String stream = post("/v1/chat/completions", "{\"model\":\"gpt-5.4\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"system\",\"content\":\"be"
                + " brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}").body();
        assertTrue(stream.contains("chat.completion.chunk"), stream);
        assertTrue(stream.contains("\"prompt_tokens\":12"), stream);
        assertTrue(stream.strip().endsWith("data: [DONE]"), stream);
        JsonNode sent = BACKEND.requests("acc-a", "/codex/responses").getFirst().json();
        assertEquals("be brief", sent.get("instructions").asText());

        JsonNode completion = Json.MAPPER.readTree(post("/v1/chat/completions", "{\"model\":\"gpt-5.4\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertEquals("chat.completion", completion.get("object").asText());
        assertEquals("Hello from acc-a", completion.path("choices").get(0).path("message").path("content").asText());
    }

    @Test
    void everyRequestLeavesExactlyOneRequestLogRowAlsoUnderConcurrency() throws Exception {
        account("acc-a", 10, 10);
        account("acc-b", 10, 10);
        long before = requestLogs.count();
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(http.sendAsync(request("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\","
                    + "\"stream\":true}"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            assertEquals(200, reply.get().statusCode());
        }
        awaitRows(before + 200);
        var newest = requestLogs.findNewest(1).getFirst();
        assertEquals("gpt-5.4", newest.getModel());
        assertEquals(12L, newest.getInputTokens());
        assertEquals(4L, newest.getCachedInputTokens());
        assertEquals(5L, newest.getOutputTokens());
        assertEquals(200, newest.getStatusCode());
        assertNotNull(newest.getFirstTokenMs());
        assertTrue(newest.getCostUsd().compareTo(BigDecimal.ZERO) > 0);
        assertEquals("http", newest.getTransport());

        post("/v1/responses", "{\"model\":\"unknown-model\",\"input\":\"hi\"}");
        awaitRows(before + 201);
        var unknown = requestLogs.findNewest(1).getFirst();
        assertNull(unknown.getCostUsd(), "unknown model: cost unknown");
        assertEquals(200, unknown.getStatusCode(), "a non-stream reply is logged with its own status");
    }

    @Test
    void badInputGetsOpenAiShapedErrorsAndNothingReachesUpstream() throws Exception {
        account("acc-a", 10, 10);
        assertError(post("/v1/responses", "{not json"), 400, null);
        assertError(post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":42}"), 400, "input");
        assertError(post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"a\",\"messages\":[]}"), 400,
                "messages");
        byte[] huge = new byte[40 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(uri("/v1/responses"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertError(tooLarge, 413, null);
        assertTrue(BACKEND.requests("acc-a", "/codex/responses").isEmpty());
    }

    @Test
    void everyAccountLimitedAnswersUsageLimitReachedWithTheEarliestReset() throws Exception {
        Instant reset = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String a = account("acc-a", 10, 10);
        Account row = accounts.findById(a).orElseThrow();
        row.setStatus(AccountStatus.RATE_LIMITED);
        row.setResetAt(reset);
        accounts.save(row);
        pool.refresh();
        HttpResponse<String> response = post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
        assertEquals(429, response.statusCode());
        JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
        assertEquals("usage_limit_reached", error.get("code").asText());
        assertEquals(reset.getEpochSecond(), error.get("resets_at").asLong());

        row.setStatus(AccountStatus.PAUSED);
        accounts.save(row);
        pool.refresh();
        HttpResponse<String> paused = post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
        assertEquals(503, paused.statusCode());
        assertTrue(paused.body().contains("all accounts are paused"), paused.body());
        assertTrue(paused.body().contains("no_accounts"));
    }

    private void assertError(HttpResponse<String> response, int status, String param) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
        assertNotNull(error.get("message").asText());
        assertTrue(error.has("type") && error.has("code") && error.has("param"), response.body());
        assertEquals(param, error.get("param").isNull() ? null : error.get("param").asText());
    }

    private void awaitRows(long expected) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (requestLogs.count() < expected && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertEquals(expected, requestLogs.count(), "exactly one row per request");
    }

    private String account(String chatgptId, double primary, double secondary) {
        Account account = new Account(chatgptId + "@example.com", chatgptId, "plus", Instant.now());
        account.setAccessTokenEncrypted(cipher.encrypt(BACKEND.account(chatgptId).accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt("refresh-" + chatgptId));
        account.setLastRefreshAt(Instant.now());
        accounts.save(account);
        Instant now = Instant.now();
        usage.saveAll(List.of(
                new UsageSample(account.getId(), UsageWindow.PRIMARY, primary, 300, now.plusSeconds(3600), now,
                        UsageSource.POLL),
                new UsageSample(account.getId(), UsageWindow.SECONDARY, secondary, 10080,
                        now.plus(5, ChronoUnit.DAYS), now, UsageSource.POLL)));
        BACKEND.account(chatgptId).usage(primary, secondary);
        pool.refresh();
        return account.getId();
    }

    private void saveSettings(RoutingStrategy strategy, String threshold) {
        settings.save(new Settings(strategy, new BigDecimal(threshold), true, true, 1800, UpstreamTransport.DEFAULT,
                Instant.now()));
        settingsCache.refresh();
    }

    private static String backendBody() {
        return "{\"model\":\"gpt-5.4\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"stream\":true}";
    }

    private URI uri(String path) {
        return target.path(path).getUri();
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }
}
