package io.codexpool.admin.reliability;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.codexpool.proxy.fake.Reply;
import io.codexpool.testing.Poll;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated upstream SSE streams (cut anywhere, garbage lines, lines without {@code data:}, oversized events,
 * interleaved comments, events out of order) behind every streaming route: each client stream ends with a terminal
 * event ({@code data: [DONE]} on Chat Completions) or the request gets an OpenAI-shaped error, and each request
 * leaves exactly one request-log row.
 */
class UpstreamStreamFuzzTest {
    /** Events after which upstream sends nothing more; an {@code error} event inside a 200 stream is one. */
    private static final List<String> TERMINAL = List.of("response.completed", "response.failed",
            "response.incomplete", "error");

    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void everyClientStreamEndsWithATerminalEventAndLeavesOneRow(@ForAll("routes") String route,
                                                                @ForAll("streams") String wire) throws Exception {
        FuzzedService service = FuzzedService.get();
        for (String account : FuzzedService.ACCOUNTS) {
            service.backend.account(account).enqueue(Reply.rawSse(wire)); // whichever account the proxy picks
        }
        String requestId = "fuzz-" + UUID.randomUUID();
        boolean chat = route.equals("/v1/chat/completions");
        String body = chat ? "{\"model\":\"gpt-5.4\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\"}]}" : "{\"model\":\"gpt-5.4\",\"input\":\"hi\",\"stream\":true}";
        HttpResponse<String> response = service.send(HttpRequest.newBuilder(service.uri(route))
                .header("Content-Type", "application/json").header("x-client-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        String what = route + " <- " + wire.replace("\n", "\\n") + " -> " + response.statusCode() + " "
                + response.body().replace("\n", "\\n");
        if (response.statusCode() == 200) {
            if (chat) {
                assertTrue(response.body().stripTrailing().endsWith("data: [DONE]"), what);
            } else {
                assertTrue(TERMINAL.contains(lastEventType(response.body())), what);
            }
        } else {
            assertTrue(response.statusCode() < 500 || response.statusCode() == 502, what);
            // an upstream error object is relayed as it came (clients act on its fields); anything else is wrapped
            assertTrue(FuzzValues.JSON.readTree(response.body()).path("error").isObject(), what);
        }
        Poll.until("the request-log row of " + requestId, Duration.ofSeconds(20), () -> rows(service, requestId),
                n -> n >= 1);
        assertEquals(1, rows(service, requestId), what);
    }

    private static long rows(FuzzedService service, String requestId) {
        try {
            return service.count("SELECT COUNT(*) FROM request_logs WHERE request_id = '" + requestId + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The type of the last event whose data is JSON (events pass untouched, so upstream's garbage may too). */
    private static String lastEventType(String sse) {
        String type = null;
        for (String line : sse.split("\r?\n")) {
            if (line.startsWith("data: ") && line.length() > 6) {
                try {
                    type = FuzzValues.JSON.readTree(line.substring(6)).path("type").asText(type);
                } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                    // relayed as upstream sent it
                }
            }
        }
        return type;
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of("/v1/responses", "/backend-api/codex/responses", "/v1/chat/completions");
    }

    /** A stream built from parts, some well-formed and some not, possibly cut short anywhere. */
    @Provide
    Arbitrary<String> streams() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.of(event("response.created", "\"response\":{\"id\":\"resp_f\",\"status\":\"in_progress\"}"),
                        event("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":"
                                + "\"function_call\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}"),
                        event("response.function_call_arguments.delta", "\"item_id\":\"fc_9\",\"output_index\":3,"
                                + "\"delta\":\"{\\\"a\\\":\""),
                        event("response.output_text.delta", "\"item_id\":\"msg_1\",\"output_index\":0,"
                                + "\"content_index\":0,\"delta\":\"Hel\""),
                        event("response.completed", "\"response\":{\"id\":\"resp_f\",\"status\":\"completed\","
                                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}"),
                        event("response.failed", "\"response\":{\"id\":\"resp_f\",\"status\":\"failed\"}"),
                        event("response.failed", "\"response\":{\"id\":\"resp_f\",\"status\":\"failed\","
                                + "\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}"),
                        event("response.incomplete", "\"response\":{\"id\":\"resp_f\",\"status\":\"incomplete\"}"),
                        event("error", "\"error\":{\"code\":\"server_error\",\"message\":\"oops\"}"),
                        ": keep-alive comment\n\n", "\n\n", "event: response.output_text.delta\n\n",
                        "data: {not json\n\n", "data: [DONE]\n\n", "retry: 100\n\n", "id: 7\n",
                        "data: {\"type\":\"response.created\"}\r\n\r\n"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80).map(garbage -> garbage + "\n"),
                Arbitraries.integers().between(10_000, 40_000).map(size -> event("response.output_text.delta",
                        "\"item_id\":\"msg_1\",\"delta\":\"" + "x".repeat(size) + "\"")));
        return part.list().ofMaxSize(8).flatMap(parts -> {
            String whole = String.join("", parts);
            return Arbitraries.oneOf(Arbitraries.just(whole),
                    Arbitraries.integers().between(0, whole.length()).map(cut -> whole.substring(0, cut)));
        });
    }

    private static String event(String type, String fields) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + fields + "}\n\n";
    }
}
