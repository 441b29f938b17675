package io.codexpool.proxy.reliability;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.proxy.support.Json;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What real clients send that the happy path never does: over-long texts, browser fetch headers. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class HostileClientsTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.HTTP);
    }

    @Test
    void overlongClientTextsAreServedAndStillLeaveTheirRow() throws Exception {
        kit.account("acc-a", 10, 10);
        String model = "m".repeat(600);
        HttpResponse<String> response = kit.post("/v1/responses", "{\"model\":\"" + model + "\",\"input\":\"hi\","
                + "\"stream\":true,\"reasoning\":{\"effort\":\"" + "e".repeat(200) + "\"},\"service_tier\":\""
                + "t".repeat(200) + "\"}", "x-client-request-id", "long-texts");
        assertEquals(200, response.statusCode(), response.body());
        RequestLog row = kit.awaitRow("long-texts");
        assertEquals(model.substring(0, 128), row.getModel());
        assertEquals(32, row.getReasoningEffort().length());
        assertEquals(32, row.getServiceTier().length());

        BACKEND.account("acc-a").enqueue(Reply.status(400, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\""
                + "c".repeat(300) + "\",\"message\":\"" + "\uD83D\uDE00".repeat(2500) + "\"}}"));
        assertEquals(400, kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}",
                "x-client-request-id", "long-error").statusCode());
        RequestLog error = kit.awaitRow("long-error");
        assertEquals(128, error.getErrorCode().length());
        assertEquals(2000, error.getErrorMessage().codePointCount(0, error.getErrorMessage().length()),
                "cut by characters, never inside one");
    }

    @Test
    void onlyEndToEndHeadersGoUpstreamWithoutAWarningPerRequest() throws Exception {
        kit.account("acc-a", 10, 10);
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger jersey = Logger.getLogger("org.glassfish.jersey");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jersey.addHandler(capture);
        try {
            // what Node's fetch (under the OpenAI SDK) and browsers add to every request
            HttpResponse<String> response = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\","
                            + "\"stream\":true}", "sec-fetch-mode", "cors", "origin", "http://localhost:3000",
                    "access-control-request-method", "POST", "via", "1.1 corp-proxy", "x-stainless-lang", "js",
                    "proxy-authorization", "Basic c2VjcmV0", "x-forwarded-for", "10.0.0.1");
            assertEquals(200, response.statusCode(), response.body());
        } finally {
            jersey.removeHandler(capture);
        }
        assertTrue(warnings.isEmpty(), () -> "warnings: " + warnings.stream().map(LogRecord::getMessage).toList());
        RecordedRequest sent = BACKEND.requests("acc-a", "/codex/responses").getFirst();
        assertEquals("js", sent.header("x-stainless-lang"), "end-to-end headers pass");
        for (String dropped : List.of("sec-fetch-mode", "origin", "access-control-request-method", "via",
                "proxy-authorization", "x-forwarded-for")) {
            assertNull(sent.header(dropped), dropped);
        }
    }

    @Test
    void unknownEndpointsWrongMethodsAndUnreadableHeadersAnswerOpenAiShapedErrors() throws Exception {
        kit.account("acc-a", 10, 10);
        HttpResponse<String> unknown = kit.http().send(HttpRequest.newBuilder(kit.uri("/v1/anything-unknown"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertOpenAiError(unknown, 404);
        assertOpenAiError(kit.post("/backend-api/codex/nothing-here", "{}"), 404);
        HttpResponse<String> wrongMethod = kit.http().send(HttpRequest.newBuilder(kit.uri("/v1/responses")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertOpenAiError(wrongMethod, 405);
        assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("POST"), wrongMethod.headers().map()
                .toString());
        assertOpenAiError(kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}", "accept", "\""),
                400);
    }

    @Test
    void aNonJsonUpstreamErrorIsWrappedInTheOpenAiShape() throws Exception {
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.status(400, "<html><body>Bad request at the edge</body></html>"));
        HttpResponse<String> response = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
        JsonNode error = assertOpenAiError(response, 400);
        assertTrue(error.get("message").asText().contains("Bad request at the edge"), response.body());
    }

    @Test
    void aChatStreamEndsWithATerminalChunkAndDoneWhateverUpstreamSends() throws Exception {
        kit.account("acc-a", 10, 10);
        String created = "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":"
                + "\"in_progress\"}}";
        BACKEND.account("acc-a").enqueue(
                Reply.events(created, "{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\","
                        + "\"output_index\":0,\"delta\":\"{\\\"a\\\":1}\"}", "{\"type\":\"response.completed\","
                        + "\"response\":{\"id\":\"resp_1\",\"status\":\"completed\"}}"),
                Reply.events(created, "{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\","
                        + "\"status\":\"failed\"}}"));
        String chat = "{\"model\":\"gpt-5.4\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> argumentsFirst = kit.post("/v1/chat/completions", chat);
        assertEquals(200, argumentsFirst.statusCode(), argumentsFirst.body());
        assertTrue(argumentsFirst.body().contains("\"finish_reason\":\"tool_calls\""), argumentsFirst.body());
        assertTrue(argumentsFirst.body().stripTrailing().endsWith("data: [DONE]"), argumentsFirst.body());

        HttpResponse<String> failedBare = kit.post("/v1/chat/completions", chat);
        assertEquals(200, failedBare.statusCode(), failedBare.body());
        assertTrue(failedBare.body().contains("\"error\""), failedBare.body());
        assertTrue(failedBare.body().stripTrailing().endsWith("data: [DONE]"), failedBare.body());
    }

    private static JsonNode assertOpenAiError(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().map().toString());
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertTrue(error.path("message").isTextual() && error.has("type") && error.has("code") && error.has("param"),
                response.body());
        return error;
    }
}
