package io.codexpool.proxy.apikeys;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.proxy.support.Json;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys on the HTTP proxy routes: real HTTP, the fake ChatGPT backend, real MariaDB. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddBean(TestKeys.class)
@AddConfig(key = "codexpool.upstream.transport", value = "http")
class ApiKeysTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    /** The fake's default answer uses 12 input and 5 output tokens. */
    private static final long TOKENS_PER_TURN = 17;
    private static final int READ_CHUNK = 4096;

    @Inject
    ProxyTestKit kit;
    @Inject
    TestKeys keys;
    @Inject
    WebTarget target;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target);
        keys.deleteAll();
    }

    @Test
    void requiredKeysRefuseStrangersAndDeadKeysAndLetValidKeysThroughWithTheirIdLogged() throws Exception {
        kit.account("acc-a", 10, 10);
        keys.require(true, true);
        HttpResponse<String> missing = turn(null, "r-missing");
        assertError(missing, 401, "invalid_api_key");
        assertFalse(missing.body().contains("cpk_"));
        assertError(turn("cpk_not-a-key", "r-unknown"), 401, "invalid_api_key");
        assertEquals(0, BACKEND.turns().size(), "nothing reached upstream");

        String valid = keys.create("valid");
        HttpResponse<String> ok = turn(valid, "r-valid");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(keys.row(valid).getId(), kit.awaitRow("r-valid").getApiKeyId());

        String disabled = keys.create("disabled", key -> key.setEnabled(false));
        String expired = keys.create("expired", key -> key.setExpiresAt(Instant.now().minusSeconds(1)));
        String deleted = keys.create("deleted");
        keys.delete(deleted);
        assertError(turn(disabled, "r-disabled"), 401, "invalid_api_key");
        assertError(turn(expired, "r-expired"), 401, "invalid_api_key");
        assertError(turn(deleted, "r-deleted"), 401, "invalid_api_key");
        assertEquals(1, BACKEND.turns().size(), "only the valid key's turn reached upstream");
        RequestLog refused = kit.awaitRow("r-disabled");
        assertNull(refused.getApiKeyId());
        assertFalse(refused.getErrorMessage().contains(disabled), "no secret in the request log");
    }

    @Test
    void aTokenLimitLetsTheCrossingTurnFinishAndRefusesTheNextUntilMidnight() throws Exception {
        kit.account("acc-a", 10, 10);
        String key = keys.create("tokens", k -> k.setLimitRules(TestKeys.rules(
                new LimitRule(LimitMetric.TOKENS, LimitWindow.DAY, BigDecimal.valueOf(30), null))));
        assertEquals(200, turn(key, "t1").statusCode());
        assertEquals(200, turn(key, "t2").statusCode(), "17 of 30 used: checked before the call, so it passes");
        HttpResponse<String> third = turn(key, "t3");
        assertError(third, 429, "usage_limit_reached");
        JsonNode error = Json.parseOrNull(third.body()).path("error");
        assertEquals("usage_limit_reached", error.path("type").asText());
        long midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        assertEquals(midnight, error.path("resets_at").asLong());
        assertTrue(Math.abs(midnight - Instant.now().getEpochSecond() - error.path("resets_in_seconds").asLong()) < 5);
        assertTrue(error.path("message").asText().contains("30 tokens per day"), error.toString());
        assertEquals(2, BACKEND.turns().size(), "the refused turn never went upstream");
        assertEquals(2 * TOKENS_PER_TURN, usageOf(key).path("limits").get(0).path("used").asLong());
    }

    @Test
    void requestAndCostRulesRefuseLikeTokenRulesAndAModelRuleCountsOnlyItsModel() throws Exception {
        kit.account("acc-a", 10, 10);
        String requests = keys.create("requests", k -> k.setLimitRules(TestKeys.rules(
                new LimitRule(LimitMetric.REQUESTS, LimitWindow.FIVE_HOURS, BigDecimal.valueOf(2), null))));
        assertEquals(200, turn(requests, "q1").statusCode());
        assertEquals(200, turn(requests, "q2").statusCode());
        HttpResponse<String> refused = turn(requests, "q3");
        assertError(refused, 429, "usage_limit_reached");
        long resetsAt = Json.parseOrNull(refused.body()).path("error").path("resets_at").asLong();
        long inFiveHours = Instant.now().plus(5, ChronoUnit.HOURS).getEpochSecond();
        assertTrue(resetsAt > inFiveHours - 60 && resetsAt <= inFiveHours + 300, "the first request leaves the window");

        // gpt-5.4 costs 2.50 / 0.25 / 15 per million: a turn is 8 * 2.5 + 4 * 0.25 + 5 * 15 = 96 millionths
        String cost = keys.create("cost", k -> k.setLimitRules(TestKeys.rules(
                new LimitRule(LimitMetric.COST_USD, LimitWindow.MONTH, new BigDecimal("0.0001"), null))));
        assertEquals(200, turn(cost, "c1").statusCode());
        assertEquals(200, turn(cost, "c2").statusCode());
        assertError(turn(cost, "c3"), 429, "usage_limit_reached");

        String perModel = keys.create("per-model", k -> k.setLimitRules(TestKeys.rules(
                new LimitRule(LimitMetric.REQUESTS, LimitWindow.WEEK, BigDecimal.ONE, "gpt-5.4-mini"))));
        assertEquals(200, turn(perModel, "m1", "gpt-5.4").statusCode());
        assertEquals(200, turn(perModel, "m2", "gpt-5.4").statusCode(), "gpt-5.4 does not count for the rule");
        assertEquals(200, turn(perModel, "m3", "gpt-5.4-mini").statusCode());
        assertError(turn(perModel, "m4", "gpt-5.4-mini"), 429, "usage_limit_reached");
        assertEquals(200, turn(perModel, "m5", "gpt-5.4").statusCode());
    }

    @Test
    void aModelOutsideTheAllowListIsRefusedWith403() throws Exception {
        kit.account("acc-a", 10, 10);
        String key = keys.create("mini only", k -> k.setAllowedModels("[\"gpt-5.4-mini\"]"));
        HttpResponse<String> refused = turn(key, "a1", "gpt-5.4");
        assertError(refused, 403, "model_not_allowed");
        assertEquals("model", Json.parseOrNull(refused.body()).path("error").path("param").asText());
        assertEquals(200, turn(key, "a2", "gpt-5.4-mini").statusCode());
        assertEquals(1, BACKEND.turns().size());
    }

    @Test
    void aKeyRestrictedToOneAccountUsesOnlyItAndGetsThePoolExhausted429WhenItIsLimited() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 5, 5); // the fresh choice of an unrestricted request
        String onlyA = keys.create("only a", k -> k.setAccountIds("[\"" + a + "\"]"));
        String any = keys.create("any");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, turn(onlyA, "o" + i).statusCode());
        }
        assertEquals(List.of("acc-a", "acc-a", "acc-a"), BACKEND.turns().stream().map(RecordedRequest::accountId)
                .toList());
        Instant reset = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        BACKEND.account("acc-a").enqueue(Reply.usageLimitReached(reset));
        turn(onlyA, "limits-a"); // acc-a answers 429 and is marked limited; no other account may take it
        HttpResponse<String> exhausted = turn(onlyA, "o-exhausted");
        assertError(exhausted, 429, "usage_limit_reached");
        assertEquals(reset.getEpochSecond(), Json.parseOrNull(exhausted.body()).path("error").path("resets_at")
                .asLong());
        HttpResponse<String> other = turn(any, "other-key");
        assertEquals(200, other.statusCode(), "other keys are still served");
        assertTrue(other.body().contains("Hello from acc-b"));
    }

    @Test
    void aThirdConcurrentTurnOverACapOfTwoGets429AndOneMorePassesWhenATurnHasEnded() throws Exception {
        kit.account("acc-a", 10, 10);
        String key = keys.create("two at once", k -> k.setMaxConcurrentTurns(2));
        Reply slow = Reply.text("a slow answer that takes a while").delayBetweenEvents(Duration.ofMillis(400));
        BACKEND.account("acc-a").enqueue(slow, slow);
        List<CompletableFuture<HttpResponse<java.io.InputStream>>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(kit.http().sendAsync(request(key, "slow" + i, "gpt-5.4"),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        List<HttpResponse<java.io.InputStream>> streams = new ArrayList<>();
        for (CompletableFuture<HttpResponse<java.io.InputStream>> future : running) {
            streams.add(future.get());
            assertEquals(200, streams.getLast().statusCode(), "both streams have started");
        }
        HttpResponse<String> third = turn(key, "third");
        assertError(third, 429, "too_many_concurrent_requests");
        assertEquals("1", third.headers().firstValue("retry-after").orElseThrow());
        String first = new String(streams.getFirst().body().readAllBytes());
        assertTrue(first.contains("response.completed"), "the first turn ran to its end");
        Poll.until("a place freed", Duration.ofSeconds(5), () -> status(key, "after"), s -> s == 200);
        streams.getLast().body().readAllBytes();
    }

    @Test
    void underACapOfOneTheNextTurnIsLetInAsSoonAsTheClientSeesTheLastEvent() throws Exception {
        kit.account("acc-a", 10, 10);
        String key = keys.create("one at a time", k -> k.setMaxConcurrentTurns(1));
        // a last event larger than what the loopback connection buffers: its write ends only once the client reads it
        String text = "x".repeat(14 << 20);
        BACKEND.account("acc-a").enqueue(Reply.events(
                "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_long\",\"status\":\"in_progress\"}}",
                "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_long\",\"status\":\"completed\","
                        + "\"output\":[{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":"
                        + "\"output_text\",\"text\":\"" + text + "\"}]}]}}"));
        HttpResponse<InputStream> first = kit.http().send(request(key, "long-end", "gpt-5.4"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = first.body()) {
            readUntil(body, "response.completed");

            HttpResponse<String> next = turn(key, "next");

            assertEquals(200, next.statusCode(), "the client acts on the last event: " + next.body());
            byte[] rest = body.readAllBytes();
            assertTrue(rest.length > text.length() - READ_CHUNK
                    && new String(rest, StandardCharsets.ISO_8859_1).strip().endsWith("\"}]}]}}"),
                    "the first answer still arrives whole");
        }
    }

    @Test
    void modelListsNeedAKeyWhenKeysAreRequired() throws Exception {
        kit.account("acc-a", 10, 10);
        keys.require(true, true);
        for (String path : List.of("/v1/models", "/backend-api/codex/models")) {
            HttpResponse<String> refused = get(path, null);
            assertError(refused, 401, "invalid_api_key");
            assertTrue(refused.headers().firstValue("www-authenticate").isPresent());
            assertTrue(get(path, keys.create("lists " + path)).statusCode() != 401, path);
        }
    }

    @Test
    void switchingApiKeysRequiredTakesEffectWithinTwoSecondsWithoutRestart() throws Exception {
        kit.account("acc-a", 10, 10);
        assertEquals(200, turn(null, "open").statusCode());
        keys.require(true, false);
        Instant saved = Instant.now();
        Poll.until("keys required", Duration.ofSeconds(2), () -> status(null, "x"), s -> s == 401);
        keys.require(false, false);
        Poll.until("keys no longer required", Duration.ofSeconds(2), () -> status(null, "y"),
                s -> s == 200);
        assertTrue(Duration.between(saved, Instant.now()).toSeconds() < 5);
    }

    @Test
    void v1UsageShowsTheKeysRulesUseAndTotalsAndNeedsTheKey() throws Exception {
        kit.account("acc-a", 10, 10);
        String key = keys.create("self", k -> k.setLimitRules(TestKeys.rules(
                new LimitRule(LimitMetric.TOKENS, LimitWindow.DAY, BigDecimal.valueOf(1000), null),
                new LimitRule(LimitMetric.REQUESTS, LimitWindow.FIVE_HOURS, BigDecimal.valueOf(10), null))));
        turn(key, "u1");
        turn(key, "u2");
        kit.awaitRow("u2");
        JsonNode usage = usageOf(key);
        assertEquals("self", usage.path("api_key").path("name").asText());
        JsonNode tokens = usage.path("limits").get(0);
        assertEquals(2 * TOKENS_PER_TURN, tokens.path("used").asLong());
        assertEquals(1000 - 2 * TOKENS_PER_TURN, tokens.path("remaining").asLong());
        assertTrue(tokens.path("resets_at").asLong() > Instant.now().getEpochSecond());
        assertEquals(2, usage.path("limits").get(1).path("used").asLong());
        assertEquals(2, usage.path("totals").path("last_24h").path("requests").asLong());
        assertEquals(2 * TOKENS_PER_TURN, usage.path("totals").path("last_7d").path("tokens").asLong());
        assertError(get("/v1/usage", null), 401, "invalid_api_key");
        assertFalse(usage.toString().contains(key), "the secret is never echoed");
    }

    private JsonNode usageOf(String key) throws Exception {
        HttpResponse<String> response = get("/v1/usage", key);
        assertEquals(200, response.statusCode(), response.body());
        return Json.parseOrNull(response.body());
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(kit.uri(path)).GET();
        if (key != null) {
            builder.header("authorization", "Bearer " + key);
        }
        return kit.http().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(String key, String requestId) {
        try {
            return turn(key, requestId).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> turn(String key, String requestId) throws Exception {
        return turn(key, requestId, "gpt-5.4");
    }

    private HttpResponse<String> turn(String key, String requestId, String model) throws Exception {
        return kit.http().send(request(key, requestId, model), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String key, String requestId, String model) {
        String body = "{\"model\":\"" + model + "\",\"input\":\"hi\",\"stream\":true}";
        return key == null ? kit.request("/v1/responses", body, "x-client-request-id", requestId)
                : kit.request("/v1/responses", body, "x-client-request-id", requestId, "authorization",
                "Bearer " + key);
    }

    private static void readUntil(InputStream body, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] chunk = new byte[READ_CHUNK];
        for (int read = body.read(chunk); read > 0; read = body.read(chunk)) {
            seen.append(new String(chunk, 0, read, StandardCharsets.ISO_8859_1));
            if (seen.indexOf(marker) >= 0) {
                return;
            }
            seen.delete(0, Math.max(0, seen.length() - marker.length()));
        }
        throw new AssertionError("the stream ended before " + marker);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = Json.parseOrNull(response.body()).path("error");
        assertEquals(code, error.path("code").asText(), response.body());
        assertTrue(error.has("message") && error.has("type") && error.has("param"), response.body());
    }
}
