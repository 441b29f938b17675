package io.codexpool.proxy.responses;

import java.io.InputStream;
import java.math.BigDecimal;
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
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.models.ModelRegistry;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy routes end to end: real HTTP, the fake ChatGPT backend, real MariaDB. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
// these scenarios are about HTTP/SSE upstream; gpt-5.4 would pick WebSocket under auto (UpstreamTransportTest)
@AddConfig(key = "codexpool.upstream.transport", value = "http")
@AddConfig(key = "codexpool.upstream.idle-timeout-seconds", value = "2")
class ProxyCoreTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;
    @Inject
    AccountRepository accounts;
    @Inject
    AccountPool pool;
    @Inject
    TokenCipher cipher;
    @Inject
    ModelRegistry models;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target);
    }

    @Test
    void freshRequestGoesToTheBudgetSafeAccountAndAThresholdChangeAppliesWithoutRestart() throws Exception {
        String a = kit.account("acc-a", 99, 20);
        String b = kit.account("acc-b", 10, 20);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
            assertEquals(200, response.statusCode(), response.body());
        }
        assertEquals(0, BACKEND.account("acc-a").responseCount(), "pressured account avoided");
        assertEquals(5, BACKEND.account("acc-b").responseCount());

        kit.saveSettings(RoutingStrategy.ROUND_ROBIN, "100", 1800);
        Instant deadline = Instant.now().plusSeconds(5);
        while (BACKEND.account("acc-a").responseCount() == 0 && Instant.now().isBefore(deadline)) {
            assertEquals(200, kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}").statusCode());
        }
        assertTrue(BACKEND.account("acc-a").responseCount() > 0, "threshold 100 made A eligible without restart");
        assertNotNull(a);
        assertNotNull(b);
    }

    @Test
    void rateLimitedAccountFailsOverAndGetsNoRequestBeforeItsReset() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        kit.saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95", 1800);
        Instant reset = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        BACKEND.account("acc-a").enqueue(Reply.usageLimitReached(reset));
        HttpResponse<String> first = kit.post("/backend-api/codex/responses", backendBody());
        assertEquals(200, first.statusCode());
        assertTrue(first.body().contains("Hello from acc-b"), first.body());
        assertTrue(first.body().contains("response.completed"));

        Account stored = accounts.findById(a).orElseThrow();
        assertEquals(AccountStatus.RATE_LIMITED, stored.getStatus());
        assertEquals(reset, stored.getResetAt());
        for (int i = 0; i < 3; i++) {
            assertTrue(kit.post("/backend-api/codex/responses", backendBody()).body().contains("Hello from acc-b"));
        }
        assertEquals(1, BACKEND.account("acc-a").responseCount(), "no request to A before its reset");
    }

    @Test
    void quotaErrorInTheFirstEventFailsOverAndMarksTheAccount() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        kit.saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95", 1800);
        BACKEND.account("acc-a").enqueue(Reply.failedInFirstEvent("insufficient_quota"));
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody());
        assertTrue(response.body().contains("Hello from acc-b"), response.body());
        assertFalse(response.body().contains("insufficient_quota"), "the failed attempt never reached the client");
        assertEquals(AccountStatus.QUOTA_EXCEEDED, accounts.findById(a).orElseThrow().getStatus());
    }

    @Test
    void serverErrorsAreRetriedThreeTimesOnTheSameAccountThenTheNextServes() throws Exception {
        kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        kit.saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95", 1800);
        BACKEND.account("acc-a").enqueue(Reply.serverError(), Reply.serverError(), Reply.serverError());
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody());
        assertTrue(response.body().contains("Hello from acc-b"), response.body());
        assertEquals(3, BACKEND.account("acc-a").responseCount());
    }

    @Test
    void unauthorizedAccountRefreshesItsTokenOnceAndTheRetrySucceeds() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").accessToken("rotated-elsewhere");
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody());
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
        kit.account("acc-a", 10, 10);
        String body = "{\"model\":\"gpt-5.4\",\"input\":[],\"tools\":[{\"type\":\"image_generation\"}],"
                + "\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"store\":true,\"stream\":true}";
        String upstreamObject = "{\"id\":\"cmp_9\",\"object\":\"response.compaction\",\"output\":[{\"x\":1}]}";
        BACKEND.account("acc-a").enqueueCompact(Reply.status(200, upstreamObject));
        HttpResponse<String> response = kit.post("/backend-api/codex/responses/compact", body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(upstreamObject, response.body());
        JsonNode sent = BACKEND.requests("acc-a", "/codex/responses/compact").getFirst().json();
        for (String field : List.of("tools", "tool_choice", "parallel_tool_calls", "store", "stream")) {
            assertFalse(sent.has(field), field + " must not reach upstream: " + sent);
        }
    }

    @Test
    void imageGenerationToolPassesOnResponsesAndIsRefusedOnChatCompletions() throws Exception {
        kit.account("acc-a", 10, 10);
        String tools = "[{\"type\":\"image_generation\",\"size\":\"1024x1024\"},{\"type\":\"computer_use\"},"
                + "{\"type\":\"tool_from_the_future\",\"x\":1}]";
        HttpResponse<String> ok = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"draw\",\"tools\":"
                + tools + "}");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode sent = BACKEND.requests("acc-a", "/codex/responses").getFirst().json();
        assertEquals(Json.MAPPER.readTree(tools), sent.get("tools"));
        assertFalse(sent.get("store").asBoolean());

        HttpResponse<String> refused = kit.post("/v1/chat/completions", "{\"model\":\"gpt-5.4\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"draw\"}],\"tools\":[{\"type\":\"image_generation\"}]}");
        assertEquals(400, refused.statusCode());
        JsonNode error = Json.MAPPER.readTree(refused.body()).get("error");
        assertEquals("tools", error.get("param").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals(1, BACKEND.requests("acc-a", "/codex/responses").size(), "nothing more reached upstream");
    }

    @Test
    void largeEventsPassWhileOversizedAndCutStreamsEndWithASynthesizedFailure() throws Exception {
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.text("big").withLargeEvent(3 * 1024 * 1024),
                Reply.text("huge").withLargeEvent(17 * 1024 * 1024), Reply.text("cut me off").cutAfter(3),
                Reply.text("silence").stallAfter(2));
        String big = kit.post("/backend-api/codex/responses", backendBody()).body();
        assertTrue(big.length() > 3 * 1024 * 1024 && big.contains("response.completed"), "3 MiB event intact");

        String huge = kit.post("/backend-api/codex/responses", backendBody()).body();
        assertTrue(huge.contains("stream_event_too_large"), huge.substring(0, Math.min(500, huge.length())));
        assertTrue(huge.length() < 1024 * 1024);

        String cut = kit.post("/backend-api/codex/responses", backendBody()).body();
        assertTrue(cut.contains("stream_incomplete"), cut);
        assertFalse(cut.contains("response.completed"));

        String stalled = kit.post("/backend-api/codex/responses", backendBody()).body();
        assertTrue(stalled.contains("stream_idle_timeout"), stalled);
    }

    @Test
    void aClientThatDisconnectsMidStreamIsLoggedAsClientClosed() throws Exception {
        kit.account("acc-a", 10, 10);
        // long enough to still be streaming when the client goes: thousands of small, paced events
        BACKEND.account("acc-a").enqueue(Reply.text("x".repeat(8000)).delayBetweenEvents(Duration.ofMillis(5)));
        HttpResponse<InputStream> response = kit.http().send(kit.request("/backend-api/codex/responses",
                backendBody(), "x-client-request-id", "gone-mid-stream"), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            assertTrue(body.readNBytes(64).length > 0, "the stream started");
        }
        RequestLog row = kit.awaitRow("gone-mid-stream");
        assertEquals(499, row.getStatusCode());
        assertEquals("client_closed", row.getErrorCode());
        assertNull(pool.get(row.getAccountId()).orElseThrow().lastError(), "the account did nothing wrong");
    }

    @Test
    void chatCompletionsStreamAndNonStreamAreTranslated() throws Exception {
        kit.account("acc-a", 10, 10);
        String stream = kit.post("/v1/chat/completions", "{\"model\":\"gpt-5.4\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"system\",\"content\":\"be"
                + " brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}").body();
        assertTrue(stream.contains("chat.completion.chunk"), stream);
        assertTrue(stream.contains("\"prompt_tokens\":12"), stream);
        assertTrue(stream.strip().endsWith("data: [DONE]"), stream);
        JsonNode sent = BACKEND.requests("acc-a", "/codex/responses").getFirst().json();
        assertEquals("be brief", sent.get("instructions").asText());

        JsonNode completion = Json.MAPPER.readTree(kit.post("/v1/chat/completions", "{\"model\":\"gpt-5.4\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertEquals("chat.completion", completion.get("object").asText());
        assertEquals("Hello from acc-a", completion.path("choices").get(0).path("message").path("content").asText());
    }

    @Test
    void aChatCompletionCutShortSaysWhyWithAndWithoutStream() throws Exception {
        kit.account("acc-a", 10, 10);
        String created = "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}";
        String delta = "{\"type\":\"response.output_text.delta\",\"delta\":\"Hel\"}";
        String chat = "{\"model\":\"gpt-5.4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        for (String reason : List.of("max_output_tokens", "content_filter")) {
            String incomplete = "{\"type\":\"response.incomplete\",\"response\":{\"id\":\"resp_1\","
                    + "\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"" + reason + "\"}}}";
            String expected = reason.equals("content_filter") ? "content_filter" : "length";
            BACKEND.account("acc-a").enqueue(Reply.events(created, delta, incomplete),
                    Reply.events(created, delta, incomplete));
            JsonNode completion = Json.MAPPER.readTree(kit.post("/v1/chat/completions", chat + "}").body());
            assertEquals(expected, completion.path("choices").get(0).path("finish_reason").asText(), reason);
            String stream = kit.post("/v1/chat/completions", chat + ",\"stream\":true}").body();
            assertTrue(stream.contains("\"finish_reason\":\"" + expected + "\""), stream);
        }
    }

    @Test
    void everyRequestLeavesExactlyOneRequestLogRowAlsoUnderConcurrency() throws Exception {
        kit.account("acc-a", 10, 10);
        kit.account("acc-b", 10, 10);
        // Counted by request id, not as a difference to the table's count: the row of an earlier test's last request
        // may still be on its way from the background writer when this test starts.
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(kit.http().sendAsync(kit.request("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\","
                    + "\"stream\":true}", "x-client-request-id", "one-row-" + i),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            assertEquals(200, reply.get().statusCode());
        }
        awaitRows("one-row-", 200);
        var row = kit.awaitRows(r -> String.valueOf(r.getRequestId()).startsWith("one-row-"), 1).getFirst();
        assertEquals("gpt-5.4", row.getModel());
        assertEquals(12L, row.getInputTokens());
        assertEquals(4L, row.getCachedInputTokens());
        assertEquals(5L, row.getOutputTokens());
        assertEquals(200, row.getStatusCode());
        assertNotNull(row.getFirstTokenMs());
        assertTrue(row.getCostUsd().compareTo(BigDecimal.ZERO) > 0);
        assertEquals("http", row.getTransport());

        kit.post("/v1/responses", "{\"model\":\"unknown-model\",\"input\":\"hi\"}", "x-client-request-id",
                "one-row-unknown");
        awaitRows("one-row-", 201);
        var unknown = kit.awaitRow("one-row-unknown");
        assertNull(unknown.getCostUsd(), "unknown model: cost unknown");
        assertEquals(200, unknown.getStatusCode(), "a non-stream reply is logged with its own status");
    }

    @Test
    void badInputGetsOpenAiShapedErrorsAndNothingReachesUpstream() throws Exception {
        kit.account("acc-a", 10, 10);
        assertError(kit.post("/v1/responses", "{not json"), 400, null);
        assertError(kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":42}"), 400, "input");
        assertError(kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"a\",\"messages\":[]}"), 400,
                "messages");
        byte[] huge = new byte[40 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> tooLarge = kit.http().send(HttpRequest.newBuilder(kit.uri("/v1/responses"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertError(tooLarge, 413, null);
        assertTrue(BACKEND.requests("acc-a", "/codex/responses").isEmpty());
    }

    @Test
    void everyAccountLimitedAnswersUsageLimitReachedWithTheEarliestReset() throws Exception {
        Instant reset = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String a = kit.account("acc-a", 10, 10);
        Account row = accounts.findById(a).orElseThrow();
        row.setStatus(AccountStatus.RATE_LIMITED);
        row.setResetAt(reset);
        accounts.save(row);
        pool.refresh();
        HttpResponse<String> response = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
        assertEquals(429, response.statusCode());
        JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
        assertEquals("usage_limit_reached", error.get("code").asText());
        assertEquals(reset.getEpochSecond(), error.get("resets_at").asLong());

        row.setStatus(AccountStatus.PAUSED);
        accounts.save(row);
        pool.refresh();
        HttpResponse<String> paused = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
        assertEquals(503, paused.statusCode());
        assertTrue(paused.body().contains("all accounts are paused"), paused.body());
        assertTrue(paused.body().contains("no_accounts"));
    }

    @Test
    void repliesCarryThePoolsCapacityWeightedUsage() throws Exception {
        kit.account("acc-a", 10, 20);
        kit.account("acc-b", 30, 40);
        HttpResponse<String> response = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
        assertEquals("20.0", response.headers().firstValue("x-codex-primary-used-percent").orElseThrow());
        assertEquals("30.0", response.headers().firstValue("x-codex-secondary-used-percent").orElseThrow());
        assertEquals("300", response.headers().firstValue("x-codex-primary-window-minutes").orElseThrow());
        assertEquals("10080", response.headers().firstValue("x-codex-secondary-window-minutes").orElseThrow());
        long reset = Long.parseLong(response.headers().firstValue("x-codex-primary-reset-at").orElseThrow());
        assertTrue(Math.abs(reset - Instant.now().plusSeconds(3600).getEpochSecond()) < 120, "earliest reset");
        assertTrue(response.headers().firstValue("x-request-id").isPresent());
    }

    @Test
    void poolHeadersNameTheFiveHourAndWeeklyWindowsWhateverAWeeklyOnlyAccountReports() throws Exception {
        String weekly = kit.account("acc-weekly", 0, 30);
        BACKEND.account("acc-weekly").weeklyOnly();
        HttpResponse<String> alone = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
        assertPoolWindows(alone);
        assertEquals(300, pool.get(weekly).orElseThrow().primary().windowMinutes(),
                "the reply's weekly window did not replace the known 5-hour one");

        kit.account("acc-normal", 10, 50); // usage_weighted: the weekly-only account (30 % weekly) still serves
        HttpResponse<String> mixed = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
        assertTrue(mixed.body().contains("Hello from acc-weekly"), mixed.body());
        assertPoolWindows(mixed);
        assertEquals("5.0", mixed.headers().firstValue("x-codex-primary-used-percent").orElseThrow());
        assertEquals("40.0", mixed.headers().firstValue("x-codex-secondary-used-percent").orElseThrow());
    }

    private static void assertPoolWindows(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("300", response.headers().firstValue("x-codex-primary-window-minutes").orElseThrow());
        assertEquals("10080", response.headers().firstValue("x-codex-secondary-window-minutes").orElseThrow());
    }

    @Test
    void clientRequestIdIsEchoedAndForwarded() throws Exception {
        kit.account("acc-a", 10, 10);
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody(),
                "x-client-request-id", "req-42", "originator", "codex_exec", "authorization", "Bearer client-key");
        assertEquals("req-42", response.headers().firstValue("x-request-id").orElseThrow());
        RecordedRequest sent = BACKEND.requests("acc-a", "/codex/responses").getFirst();
        assertEquals("codex_exec", sent.header("originator"), "client headers pass through");
        assertEquals(BACKEND.account("acc-a").accessToken(), sent.bearerToken(), "never the client's credential");
    }

    @Test
    void modelListsComeFromUpstream() throws Exception {
        kit.account("acc-a", 10, 10);
        HttpResponse<String> openAi = kit.http().send(HttpRequest.newBuilder(kit.uri("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, openAi.statusCode(), openAi.body());
        JsonNode list = Json.MAPPER.readTree(openAi.body());
        assertEquals("list", list.get("object").asText());
        assertTrue(list.get("data").findValuesAsText("id").contains("gpt-5.4"), openAi.body());
        assertEquals("model", list.get("data").get(0).get("object").asText());
        HttpResponse<String> codex = kit.http().send(HttpRequest.newBuilder(kit.uri("/backend-api/codex/models"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(Json.MAPPER.readTree(codex.body()).get("models").isArray(), codex.body());
    }

    @Test
    void withoutAccountsTheModelListsAreEmptyWhileProxiedRoutesAnswer503NoAccounts() throws Exception {
        TestDatabase.update("delete from plan_models");
        models.reload();
        HttpResponse<String> openAi = kit.http().send(HttpRequest.newBuilder(kit.uri("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, openAi.statusCode(), "a client listing models at start-up sees a running service");
        JsonNode list = Json.MAPPER.readTree(openAi.body());
        assertEquals("list", list.get("object").asText());
        assertTrue(list.get("data").isArray() && list.get("data").isEmpty(), openAi.body());
        HttpResponse<String> codex = kit.http().send(HttpRequest.newBuilder(kit.uri("/backend-api/codex/models"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, codex.statusCode(), codex.body());
        JsonNode codexModels = Json.MAPPER.readTree(codex.body()).get("models");
        assertTrue(codexModels.isArray() && codexModels.isEmpty(), codex.body());

        for (String path : new String[]{"/v1/responses", "/backend-api/codex/responses"}) {
            HttpResponse<String> proxied = kit.post(path, path.startsWith("/v1")
                    ? "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}" : backendBody());
            assertEquals(503, proxied.statusCode(), path + ": " + proxied.body());
            assertEquals("no_accounts", Json.MAPPER.readTree(proxied.body()).get("error").get("code").asText());
        }
        assertTrue(BACKEND.requests().isEmpty(), "nothing reached upstream: " + BACKEND.requests());
    }

    @Test
    void afterTheLastAccountIsDeletedTheModelListsKeepWhatIsKnown() throws Exception {
        String id = kit.account("acc-a", 10, 10);
        models.refreshFromUpstream();
        accounts.delete(id);
        pool.refresh();
        HttpResponse<String> openAi = kit.http().send(HttpRequest.newBuilder(kit.uri("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, openAi.statusCode(), openAi.body());
        assertTrue(Json.MAPPER.readTree(openAi.body()).get("data").findValuesAsText("id").contains("gpt-5.4"),
                openAi.body());
    }

    private void assertError(HttpResponse<String> response, int status, String param) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
        assertNotNull(error.get("message").asText());
        assertTrue(error.has("type") && error.has("code") && error.has("param"), response.body());
        assertEquals(param, error.get("param").isNull() ? null : error.get("param").asText());
    }

    /** Waits for {@code expected} rows whose request ids start with {@code prefix}, and finds no more. */
    private static void awaitRows(String prefix, long expected) {
        Poll.until(expected + " request-log rows", Duration.ofSeconds(20), () -> rowsOf(prefix) >= expected);
        assertEquals(expected, rowsOf(prefix), "exactly one row per request");
    }

    private static long rowsOf(String prefix) {
        return ((Number) TestDatabase.column("select count(*) from request_logs where request_id like ?",
                prefix + "%").getFirst()).longValue();
    }


    private static String backendBody() {
        return "{\"model\":\"gpt-5.4\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"stream\":true}";
    }
}
