package io.codexpool.proxy.responses;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream {@code error} events and error frames: what the client sees, what failover does, what is logged. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
// a stream left hanging fails fast instead of holding the test
@AddConfig(key = "codexpool.upstream.idle-timeout-seconds", value = "2")
class UpstreamErrorEventsTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final String CREATED = "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_e\","
            + "\"object\":\"response\",\"status\":\"in_progress\",\"model\":\"gpt-5.4\"}}";
    /** As the Responses API streams it: no {@code status}, the error's fields at the top level. */
    private static final String CONTEXT_ERROR = "{\"type\":\"error\",\"code\":\"context_length_exceeded\","
            + "\"message\":\"Your input exceeds the context window of this model.\",\"param\":\"input\"}";
    private static final String OVERLOADED_ERROR = "{\"type\":\"error\",\"error\":{\"type\":\"server_error\","
            + "\"code\":\"server_is_overloaded\",\"message\":\"The server is overloaded.\"}}";
    private static final String INVALID_BODY = "{\"error\":{\"type\":\"invalid_request_error\",\"code\":"
            + "\"invalid_value\",\"message\":\"Unsupported value: 'reasoning.effort'\",\"param\":\"reasoning\"}}";

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;
    @Inject
    AccountPool pool;

    @Test
    void anErrorEventEndsARawSseStreamWithNothingSynthesizedAfterIt() throws Exception {
        for (UpstreamTransport transport : List.of(UpstreamTransport.HTTP, UpstreamTransport.WEBSOCKET)) {
            kit.reset(target, transport);
            kit.account("acc-a", 10, 10);
            BACKEND.account("acc-a").enqueue(Reply.events(CREATED, CONTEXT_ERROR));
            String id = "req-raw-" + transport;
            HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody(),
                    "x-client-request-id", id);
            assertEquals(200, response.statusCode(), transport + ": " + response.body());
            assertEquals(List.of("response.created", "error"), eventTypes(response.body()), transport.toString());
            assertFalse(response.body().contains("stream_incomplete"), response.body());
            RequestLog row = kit.awaitRow(id);
            assertEquals("context_length_exceeded", row.getErrorCode(), transport.toString());
            assertEquals("Your input exceeds the context window of this model.", row.getErrorMessage());
        }
    }

    @Test
    void aChatStreamEndingInAnErrorEventGetsOneErrorChunkAndOneDone() throws Exception {
        kit.reset(target, UpstreamTransport.HTTP);
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.events(CREATED, CONTEXT_ERROR));
        HttpResponse<String> response = kit.post("/v1/chat/completions", "{\"model\":\"gpt-5.4\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-client-request-id", "req-chat-err");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, count(response.body(), "\"error\":{"), response.body());
        assertEquals(1, count(response.body(), "data: [DONE]"), response.body());
        assertTrue(response.body().contains("context_length_exceeded"), response.body());
        assertFalse(response.body().contains("stream_incomplete"), response.body());
        assertEquals("context_length_exceeded", kit.awaitRow("req-chat-err").getErrorCode());
    }

    @Test
    void nonStreamingRepliesCarryTheUpstreamErrorEventsCodeAndMessage() throws Exception {
        kit.reset(target, UpstreamTransport.HTTP);
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.events(CREATED, CONTEXT_ERROR), Reply.events(CREATED, CONTEXT_ERROR));
        HttpResponse<String> responses = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}",
                "x-client-request-id", "req-obj-err");
        HttpResponse<String> chat = kit.post("/v1/chat/completions", "{\"model\":\"gpt-5.4\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-client-request-id", "req-chat-obj-err");
        for (HttpResponse<String> response : List.of(responses, chat)) {
            assertEquals(400, response.statusCode(), response.body());
            JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
            assertEquals("context_length_exceeded", error.get("code").asText(), response.body());
            assertEquals("Your input exceeds the context window of this model.", error.get("message").asText());
        }
        for (String id : List.of("req-obj-err", "req-chat-obj-err")) {
            RequestLog row = kit.awaitRow(id);
            assertEquals(400, row.getStatusCode(), id);
            assertEquals("context_length_exceeded", row.getErrorCode(), id);
        }
    }

    @Test
    void aClientErrorFirstFrameOverWebSocketKeepsItsStatusAsOverHttp() throws Exception {
        for (UpstreamTransport transport : List.of(UpstreamTransport.WEBSOCKET, UpstreamTransport.HTTP)) {
            kit.reset(target, transport);
            String a = kit.account("acc-a", 10, 10);
            kit.account("acc-b", 50, 50);
            BACKEND.account("acc-a").enqueue(Reply.status(400, INVALID_BODY));
            String id = "req-400-" + transport;
            HttpResponse<String> response = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\","
                    + "\"stream\":true}", "x-client-request-id", id);
            assertEquals(400, response.statusCode(), transport + ": " + response.body());
            assertEquals(Json.MAPPER.readTree(INVALID_BODY).get("error"),
                    Json.MAPPER.readTree(response.body()).get("error"), transport.toString());
            assertEquals(1, BACKEND.account("acc-a").responseCount());
            assertEquals(0, BACKEND.account("acc-b").responseCount(), "another account would answer the same");
            assertNull(pool.get(a).orElseThrow().lastError(), "a bad request is not the account's fault");
            RequestLog row = kit.awaitRow(id);
            assertEquals(400, row.getStatusCode());
            assertEquals("invalid_value", row.getErrorCode());
        }
    }

    @Test
    void aStatuslessErrorEventWithAClientCodeIsRelayedWithoutRetryOrChargingAnyAccount() throws Exception {
        kit.reset(target, UpstreamTransport.HTTP);
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        kit.account("acc-c", 30, 30);
        BACKEND.account("acc-a").enqueue(Reply.events(CONTEXT_ERROR));
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody(),
                "x-client-request-id", "req-statusless");
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
        assertEquals("context_length_exceeded", error.get("code").asText(), response.body());
        assertEquals("input", error.get("param").asText(), "the upstream error's own fields");
        assertEquals(List.of(1, 0, 0), List.of(BACKEND.account("acc-a").responseCount(),
                BACKEND.account("acc-b").responseCount(), BACKEND.account("acc-c").responseCount()));
        assertNull(pool.get(a).orElseThrow().lastError());
        assertEquals("context_length_exceeded", kit.awaitRow("req-statusless").getErrorCode());
    }

    @Test
    void aStatuslessServerErrorEventIsStillRetriedOnTheSameAccount() throws Exception {
        kit.reset(target, UpstreamTransport.HTTP);
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        BACKEND.account("acc-a").enqueue(Reply.events(OVERLOADED_ERROR), Reply.events(OVERLOADED_ERROR),
                Reply.events(OVERLOADED_ERROR));
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("Hello from acc-b"), response.body());
        assertEquals(3, BACKEND.account("acc-a").responseCount());
        assertEquals("server_is_overloaded", pool.get(a).orElseThrow().lastError());
    }

    @Test
    void outOfAccountsAfterRateLimitFramesTheClientGetsTheUpstreamErrorWithAllItsFields() throws Exception {
        kit.reset(target, UpstreamTransport.WEBSOCKET);
        kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        Instant reset = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        BACKEND.account("acc-a").enqueue(Reply.usageLimitReached(reset));
        BACKEND.account("acc-b").enqueue(Reply.usageLimitReached(reset));
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody(),
                "x-client-request-id", "req-all-limited");
        assertEquals(429, response.statusCode(), response.body());
        JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
        assertEquals("usage_limit_reached", error.get("code").asText(), response.body());
        assertEquals("usage_limit_reached", error.get("type").asText());
        assertEquals("The usage limit has been reached", error.get("message").asText());
        assertEquals(reset.getEpochSecond(), error.get("resets_at").asLong(), response.body());
        assertTrue(error.has("resets_in_seconds"), response.body());
        assertEquals("plus", error.get("plan_type").asText(), response.body());
        assertEquals(1, BACKEND.account("acc-a").responseCount());
        assertEquals(1, BACKEND.account("acc-b").responseCount());
        assertEquals("usage_limit_reached", kit.awaitRow("req-all-limited").getErrorCode());
    }

    @Test
    void outOfAccountsAfterServerErrorFramesTheClientGetsTheFramesOwnStatus() throws Exception {
        kit.reset(target, UpstreamTransport.WEBSOCKET);
        kit.account("acc-a", 10, 10);
        String overloaded = "{\"error\":{\"type\":\"server_error\",\"code\":\"server_is_overloaded\","
                + "\"message\":\"The server is overloaded.\"}}";
        BACKEND.account("acc-a").enqueue(Reply.status(503, overloaded), Reply.status(503, overloaded),
                Reply.status(503, overloaded));
        HttpResponse<String> response = kit.post("/backend-api/codex/responses", backendBody());
        assertEquals(503, response.statusCode(), response.body());
        assertEquals(Json.MAPPER.readTree(overloaded).get("error"),
                Json.MAPPER.readTree(response.body()).get("error"));
        assertEquals(3, BACKEND.account("acc-a").responseCount());
    }

    private static List<String> eventTypes(String sse) {
        Matcher matcher = Pattern.compile("(?m)^event: (.+)$").matcher(sse);
        return matcher.results().map(m -> m.group(1).strip()).toList();
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    private static String backendBody() {
        return "{\"model\":\"gpt-5.4\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"stream\":true}";
    }
}
