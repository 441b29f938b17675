package io.codexpool.proxy.responses;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.proxy.upstream.Json;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;

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
