package io.codexpool.proxy.transport;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conversation chains ({@code previous_response_id}) through the pool, against a fake that holds each response only on
 * the upstream socket that produced it: the three frames of a Codex CLI tool call on one client WebSocket, a limit in
 * the middle of the chain, budget pressure between frames, unknown chains; and chains over HTTP on {@code /v1}.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class ConversationChainsTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final String DEVELOPER = "{\"type\":\"message\",\"role\":\"developer\",\"content\":[{\"type\":"
            + "\"input_text\",\"text\":\"%s\"}]}";
    private static final String USER = "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":"
            + "\"input_text\",\"text\":\"%s\"}]}";

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
    }

    @Test
    void aCodexToolCallChainStaysOnOneAccountAndOneUpstreamSocket() throws Exception {
        kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        BACKEND.account("acc-a").enqueue(Reply.functionCall("shell", "{\"cmd\":\"ls\"}"));
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws())) {
            String toolCall = prewarmAndTurn(client);
            List<JsonNode> answer = sendToolResult(client, toolCall);
            assertTrue(text(answer).contains("Hello from acc-a"), answer.toString());
        }
        List<RecordedRequest> turns = BACKEND.turns();
        assertEquals(List.of("acc-a", "acc-a", "acc-a"), turns.stream().map(RecordedRequest::accountId).toList());
        assertEquals(1, BACKEND.webSocketHandshakes().size(), "one upstream socket for the whole chain");
        JsonNode toolResult = turns.getLast().json();
        assertEquals(responseIdOf(turns, 1), toolResult.path("previous_response_id").asText(),
                "the tool result went up as the client sent it");
        assertEquals(1, toolResult.path("input").size());
        assertEquals("function_call_output", toolResult.path("input").get(0).path("type").asText());
    }

    @Test
    void aToolResultWhoseAccountIsLimitedIsReplayedWholeOnAnotherAccount() throws Exception {
        kit.account("acc-a", 10, 10);
        String b = kit.account("acc-b", 50, 50);
        BACKEND.account("acc-a").enqueue(Reply.functionCall("shell", "{\"cmd\":\"ls\"}"),
                Reply.usageLimitReached(Instant.now().plusSeconds(3600)));
        List<JsonNode> answer;
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws())) {
            String toolCall = prewarmAndTurn(client);
            answer = sendToolResult(client, toolCall);
            assertEquals("response.created", answer.getFirst().path("type").asText(), "nothing of acc-a's 429");
            assertTrue(text(answer).contains("Hello from acc-b"), answer.toString());
            // the chain now lives on acc-b's socket: its next frame goes there as it is
            client.send(frame(answer.getLast().path("response").path("id").asText(), USER.formatted("thanks")));
            assertTrue(text(client.turn()).contains("Hello from acc-b"));
        }
        List<RecordedRequest> onB = BACKEND.requests("acc-b", "/codex/responses");
        assertEquals(2, onB.size(), onB.toString());
        JsonNode replay = onB.getFirst().json();
        assertFalse(replay.has("previous_response_id"), "a self-contained request");
        List<String> types = new ArrayList<>();
        replay.path("input").forEach(item -> types.add(item.path("type").asText() + ":"
                + item.path("role").asText("")));
        assertEquals(List.of("message:developer", "message:developer", "message:user", "message:user",
                "reasoning:", "function_call:", "function_call_output:"), types, "prewarm, turn, its output, tool"
                + " result: the whole chain");
        JsonNode reasoning = replay.path("input").get(4);
        assertTrue(reasoning.path("encrypted_content").asText().startsWith("gAAAAA"), reasoning.toString());
        replay.path("input").forEach(item -> assertFalse(item.has("id"), "no ids of unstored items: " + item));
        assertTrue(onB.getLast().json().has("previous_response_id"), "continued where it lives now");
        // accounts are new in each test: this test's replay is the one on its acc-b
        RequestLog row = kit.awaitRows(r -> b.equals(r.getAccountId()) && r.getChainReplay() != null, 1).getFirst();
        assertTrue(row.getChainReplay().contains("usage_limit_reached"), row.getChainReplay());
    }

    @Test
    void aToolResultWhoseUpstreamSocketClosedIsReplayedOnTheSameAccount() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        BACKEND.account("acc-a").enqueue(Reply.functionCall("shell", "{\"cmd\":\"ls\"}"));
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws())) {
            String toolCall = prewarmAndTurn(client);
            BACKEND.closeWebSockets("acc-a"); // as upstream closes a socket (idle, or after its 60 minutes)
            assertTrue(text(sendToolResult(client, toolCall)).contains("Hello from acc-a"));
        }
        JsonNode replay = BACKEND.turns().getLast().json();
        assertEquals("acc-a", BACKEND.turns().getLast().accountId());
        assertFalse(replay.has("previous_response_id"), "the new socket holds nothing: " + replay);
        assertEquals(7, replay.path("input").size(), replay.toString());
        assertEquals(2, BACKEND.webSocketsOpened("acc-a"));
        RequestLog row = kit.awaitRows(r -> a.equals(r.getAccountId()) && r.getChainReplay() != null, 1).getFirst();
        assertEquals("replayed: the upstream socket closed", row.getChainReplay());
    }

    @Test
    void budgetPressureBetweenFramesWaitsForTheChainBoundary() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        BACKEND.account("acc-a").enqueue(Reply.functionCall("shell", "{\"cmd\":\"ls\"}"));
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws())) {
            String toolCall = prewarmAndTurn(client);
            kit.usage(a, "acc-a", 97, 97); // above the 95 % threshold while acc-b is not: a fresh turn would move
            assertTrue(text(sendToolResult(client, toolCall)).contains("Hello from acc-a"), "no rebind mid-chain");
            client.send(ClientFrames.turn("a new chain"));
            assertTrue(text(client.turn()).contains("Hello from acc-b"), "the next chain moved");
        }
        assertEquals(List.of("acc-a", "acc-a", "acc-a", "acc-b"),
                BACKEND.turns().stream().map(RecordedRequest::accountId).toList());
    }

    @Test
    void anUnknownChainOnAClientSocketGetsTheErrorCodexRecoversFromByStartingOver() throws Exception {
        kit.account("acc-a", 10, 10);
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws())) {
            client.send(frame("resp_never_seen", USER.formatted("continue")));
            JsonNode error = client.turn().getFirst();
            assertEquals("error", error.path("type").asText());
            assertEquals(400, error.path("status").asInt());
            assertEquals("websocket_connection_limit_reached", error.path("error").path("code").asText(),
                    error.toString());
            assertEquals("previous_response_id", error.path("error").path("param").asText());
        }
        assertTrue(BACKEND.turns().isEmpty(), "nothing went upstream");
    }

    @Test
    void aV1ResponseIsContinuedByPreviousResponseIdAsOneSelfContainedRequest() throws Exception {
        kit.account("acc-a", 10, 10);
        HttpResponse<String> first = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hello\"}");
        assertEquals(200, first.statusCode(), first.body());
        String id = Json.MAPPER.readTree(first.body()).path("id").asText();
        HttpResponse<String> second = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"and again\","
                + "\"previous_response_id\":\"" + id + "\"}");
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("completed", Json.MAPPER.readTree(second.body()).path("status").asText());
        JsonNode sent = BACKEND.turns().getLast().json();
        assertFalse(sent.has("previous_response_id"));
        List<String> roles = new ArrayList<>();
        sent.path("input").forEach(item -> roles.add(item.path("role").asText()));
        assertEquals(List.of("user", "assistant", "user"), roles, sent.toString());
        assertEquals("Hello from acc-a", sent.path("input").get(1).path("content").get(0).path("text").asText());
    }

    @Test
    void anUnknownPreviousResponseIdOnV1IsPreviousResponseNotFound() throws Exception {
        kit.account("acc-a", 10, 10);
        HttpResponse<String> reply = kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\","
                + "\"previous_response_id\":\"resp_never_seen\"}");
        assertEquals(400, reply.statusCode(), reply.body());
        JsonNode error = Json.MAPPER.readTree(reply.body()).path("error");
        assertEquals("previous_response_not_found", error.path("code").asText());
        assertEquals("previous_response_id", error.path("param").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(BACKEND.turns().isEmpty(), "nothing went upstream");
    }

    /** Sends the prewarm and the turn as Codex does; returns the turn's function call id. */
    private static String prewarmAndTurn(ClientSocketRecorder client) throws Exception {
        ObjectNode prewarm = (ObjectNode) Json.MAPPER.readTree(frame(null, DEVELOPER.formatted("be brief")));
        prewarm.put("generate", false);
        client.send(Json.write(prewarm));
        List<JsonNode> warm = client.turn();
        assertEquals("response.completed", warm.getLast().path("type").asText(), warm.toString());
        client.send(frame(warm.getLast().path("response").path("id").asText(), DEVELOPER.formatted("be brief"),
                USER.formatted("context"), USER.formatted("list the files")));
        List<JsonNode> turn = client.turn();
        assertEquals("response.completed", turn.getLast().path("type").asText(), turn.toString());
        JsonNode call = turn.stream().filter(e -> e.path("type").asText().equals("response.output_item.done")
                && e.path("item").path("type").asText().equals("function_call")).findFirst().orElseThrow();
        return turn.getLast().path("response").path("id").asText() + " " + call.path("item").path("call_id").asText();
    }

    private static List<JsonNode> sendToolResult(ClientSocketRecorder client, String toolCall) throws Exception {
        String[] parts = toolCall.split(" ");
        client.send(frame(parts[0], "{\"type\":\"function_call_output\",\"call_id\":\"" + parts[1]
                + "\",\"output\":\"README.md\"}"));
        return client.turn();
    }

    /** A {@code response.create} frame with these input items, continuing {@code previous} unless null. */
    private static String frame(String previous, String... items) {
        ObjectNode frame = Json.object().put("type", "response.create").put("model", "gpt-5.4").put("stream", true)
                .put("store", false);
        if (previous != null) {
            frame.put("previous_response_id", previous);
        }
        ArrayNode input = frame.putArray("input");
        for (String item : items) {
            input.add(Json.parseOrNull(item));
        }
        return Json.write(frame);
    }

    private static String responseIdOf(List<RecordedRequest> turns, int index) {
        return turns.get(index + 1).json().path("previous_response_id").asText();
    }

    private URI ws() {
        return ClientFrames.ws(target, "/backend-api/codex/responses");
    }

    private static String text(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                .forEach(e -> text.append(e.path("delta").asText()));
        return text.toString();
    }
}
