package io.codexpool.proxy.transport;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.codexpool.testing.Poll;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebSocket clients on {@code /backend-api/codex/responses} and {@code /v1/responses}: fake backend, real MariaDB. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.proxy.websocket-idle-seconds", value = "2")
class ClientWebSocketTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;


    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;
    @Inject
    StickySessionRepository stickyRows;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
    }

    /**
     * Turns without {@code previous_response_id} start chains of their own, so each may move; a turn that continues a
     * chain is pinned to its account (ConversationChainsTest).
     */
    @Test
    void threeIndependentTurnsOnOneSocketAndA429InTurnTwoFailsOverBeforeAnyEventOfThatTurn() throws Exception {
        kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        BACKEND.account("acc-a").enqueue(Reply.text("turn one"),
                Reply.usageLimitReached(Instant.now().plusSeconds(3600)));
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/backend-api/codex/responses"))) {
            client.send(ClientFrames.turn("one"));
            assertTrue(text(client.turn()).contains("turn one"));
            client.send(ClientFrames.turn("two"));
            List<JsonNode> two = client.turn();
            assertEquals("response.created", two.getFirst().path("type").asText(), "nothing of acc-a's 429");
            assertTrue(text(two).contains("Hello from acc-b"), two.toString());
            client.send(ClientFrames.turn("three"));
            assertTrue(text(client.turn()).contains("Hello from acc-b"));
        }
        List<RecordedRequest> turns = BACKEND.turns();
        assertEquals(List.of("acc-a", "acc-a", "acc-b", "acc-b"), turns.stream().map(RecordedRequest::accountId)
                .toList());
        assertTrue(turns.stream().allMatch(r -> r.method().equals("WS")));
        assertEquals(2, BACKEND.webSocketHandshakes().size(), "one upstream socket per account, reused by turns");
        // rows of earlier tests lost their account when it was deleted; these are this test's accounts
        List<RequestLog> rows = kit.awaitRows(row -> row.getRoute().equals("/backend-api/codex/responses")
                && "websocket".equals(row.getTransport()) && row.getAccountId() != null, 3);
        assertEquals(3, rows.size(), "one request-log row per turn");
    }

    @Test
    void aReconnectingCodexSessionKeepsItsAccount() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        try (ClientSocketRecorder client = ClientSocketRecorder.connectSeeingReply(ws("/backend-api/codex/responses"),
                "session-id", "ws-session-1")) {
            assertEquals(List.of("ws-session-1"), client.replyHeader("x-codex-turn-state"));
            client.send(ClientFrames.turn("first socket"));
            assertTrue(text(client.turn()).contains("Hello from acc-a"));
        }
        Poll.until("the session's mapping", Duration.ofSeconds(3), () -> stickyRows.find("ws-session-1",
                StickyKind.CODEX_SESSION).map(row -> row.getAccountId().equals(a)).orElse(false));
        kit.usage(a, "acc-a", 60, 60); // a fresh choice would now be acc-b
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/backend-api/codex/responses"),
                "session-id", "ws-session-1")) {
            client.send(ClientFrames.turn("second socket"));
            assertTrue(text(client.turn()).contains("Hello from acc-a"), "the reconnect stayed on its account");
        }
    }

    @Test
    void theHandshakeReplyEchoesTheClientsTurnState() throws Exception {
        try (ClientSocketRecorder client = ClientSocketRecorder.connectSeeingReply(ws("/backend-api/codex/responses"),
                "x-codex-turn-state", "abc")) {
            assertEquals(List.of("abc"), client.replyHeader("x-codex-turn-state"));
        }
    }

    @Test
    void theHandshakeReplyCarriesThePoolsUsage() throws Exception {
        kit.account("acc-a", 10, 20);
        try (ClientSocketRecorder client = ClientSocketRecorder.connectSeeingReply(
                ws("/backend-api/codex/responses"))) {
            assertEquals(List.of("10.0"), client.replyHeader("x-codex-primary-used-percent"));
            assertEquals(List.of("20.0"), client.replyHeader("x-codex-secondary-used-percent"));
            assertEquals(List.of("10080"), client.replyHeader("x-codex-secondary-window-minutes"));
        }
    }

    @Test
    void aClientWithoutTurnStateIsAnsweredOneThatKeepsItsAccountWhenItReconnects() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        String turnState;
        try (ClientSocketRecorder client = ClientSocketRecorder.connectSeeingReply(ws("/v1/responses"))) {
            List<String> answered = client.replyHeader("x-codex-turn-state");
            assertEquals(1, answered.size(), "one turn state in the handshake reply: " + answered);
            turnState = answered.getFirst();
            client.send(ClientFrames.turn("first socket"));
            assertTrue(text(client.turn()).contains("Hello from acc-a"));
        }
        Poll.until("the answered turn state's mapping", Duration.ofSeconds(3), () -> stickyRows.find(
                turnState, StickyKind.CODEX_SESSION).map(row -> row.getAccountId().equals(a)).orElse(false));
        kit.usage(a, "acc-a", 60, 60); // a fresh choice would now be acc-b
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"),
                "x-codex-turn-state", turnState)) {
            client.send(ClientFrames.turn("second socket"));
            assertTrue(text(client.turn()).contains("Hello from acc-a"), "the reconnect stayed on its account");
        }
        assertEquals(List.of("acc-a", "acc-a"), BACKEND.turns().stream().map(RecordedRequest::accountId).toList());
    }

    @Test
    void aFirstFrameThatIsNotResponseCreateGetsAnErrorFrameAndPrewarmIsAnswered() throws Exception {
        kit.account("acc-a", 10, 10);
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"))) {
            client.send("{\"type\":\"session.update\"}");
            JsonNode error = client.turn().getFirst();
            assertEquals("error", error.path("type").asText());
            assertEquals(400, error.path("status").asInt());
            assertEquals("invalid_request_error", error.path("error").path("type").asText());

            client.send("{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":[],\"generate\":false}");
            assertEquals("response.completed", client.turn().getLast().path("type").asText());
            client.send(ClientFrames.turn("after prewarm"));
            assertTrue(text(client.turn()).contains("Hello from acc-a"));
        }
        assertFalse(BACKEND.turns().getFirst().json().path("generate").asBoolean(true));
    }

    @Test
    void framesOverSixteenMibArePassedOn() throws Exception {
        kit.account("acc-a", 10, 10);
        String big = "x".repeat(17 * 1024 * 1024);
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/backend-api/codex/responses"))) {
            client.send(ClientFrames.turn(big));
            assertEquals("response.completed", client.turn().getLast().path("type").asText());
        }
        assertTrue(BACKEND.turns().getFirst().body().length() > 17 * 1024 * 1024);
    }

    @Test
    void aBinaryFrameClosesTheSocketWithCannotAccept() throws Exception {
        kit.account("acc-a", 10, 10);
        try (RawWebSocket client = RawWebSocket.connect(ws("/v1/responses"), Duration.ofSeconds(10))) {
            client.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
            try {
                client.sendText(ClientFrames.turn("after binary"));
            } catch (IOException e) {
                // already closed
            }
            assertEquals(1003, client.awaitClose());
        }
        assertTrue(BACKEND.turns().isEmpty(), "no turn ran on the failed socket");
    }

    @Test
    void anIdleSocketIsClosedWithGoingAway() throws Exception {
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"))) {
            assertEquals(1001, client.awaitClose(Duration.ofSeconds(10)));
        }
    }

    private URI ws(String path) {
        return ClientFrames.ws(target, path);
    }

    private static String text(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                .forEach(e -> text.append(e.path("delta").asText()));
        return text.toString();
    }
}
