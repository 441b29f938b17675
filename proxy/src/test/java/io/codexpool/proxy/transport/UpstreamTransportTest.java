package io.codexpool.proxy.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.models.ModelRegistry;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.testing.ProxyTestKit;
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

/** HTTP clients, upstream over WebSocket or HTTP as the transport resolution decides: fake backend, real MariaDB. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class UpstreamTransportTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final String IMAGE_TOOL = ",\"tools\":[{\"type\":\"image_generation\"}]";


    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;
    @Inject
    ModelRegistry models;


    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
    }

    @Test
    void autoSendsGpt54OverWebSocketWithoutStreamAndTheHttpClientGetsSse() throws Exception {
        kit.account("acc-a", 10, 10);
        HttpResponse<String> response = post("/v1/responses", body("gpt-5.4", true, ""),
                Map.of("x-client-request-id", "req-ws-1"));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        assertTrue(response.body().contains("event: response.output_text.delta\ndata: {"), response.body());
        assertTrue(response.body().contains("Hello from acc-a") && response.body().contains("response.completed"));
        assertFalse(response.body().contains("codex.rate_limits"), "usage events stay in the kit");

        RecordedRequest turn = BACKEND.turns().getLast();
        assertEquals("WS", turn.method());
        assertEquals("response.create", turn.json().get("type").asText());
        assertFalse(turn.json().has("stream"), turn.body());
        RecordedRequest handshake = BACKEND.webSocketHandshakes().getLast();
        assertTrue(handshake.header("openai-beta").contains("responses_websockets=2026-02-06"));
        assertEquals("access-acc-a", handshake.bearerToken());
        assertEquals("acc-a", handshake.header("chatgpt-account-id"));
        assertEquals("websocket", kit.awaitRow("req-ws-1").getTransport());
    }

    @Test
    void underAutoTheModelListsPreferWebSocketsFlagDecidesOnceKnown() throws Exception {
        kit.account("acc-a", 10, 10);
        BACKEND.preferWebSockets("gpt-5.3-codex", true).preferWebSockets("gpt-5.4", false);
        models.refreshFromUpstream();
        try {
            assertEquals(200, post("/v1/responses", body("gpt-5.3-codex", true, ""), Map.of()).statusCode());
            assertEquals("WS", BACKEND.turns().getLast().method(), "flagged in the list: websocket");
            assertEquals(200, post("/v1/responses", body("gpt-5.4", true, ""), Map.of()).statusCode());
            assertEquals("POST", BACKEND.turns().getLast().method(), "the list overrides the gpt-5.4 default");
        } finally {
            // the registry outlives the test: give it the fake's usual list back
            BACKEND.preferWebSockets("gpt-5.3-codex", false).preferWebSockets("gpt-5.4", true);
            models.refreshFromUpstream();
        }
    }

    @Test
    void autoSendsAnImageGenerationRequestOverHttp() throws Exception {
        kit.account("acc-a", 10, 10);
        HttpResponse<String> response = post("/v1/responses", body("gpt-5.4", true, IMAGE_TOOL), Map.of());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("POST", BACKEND.turns().getLast().method());
    }

    @Test
    void autoPicksWebSocketForNativeCodexHeadersButNotForASessionIdAlone() throws Exception {
        kit.account("acc-a", 10, 10);
        post("/backend-api/codex/responses", body("gpt-5.3-codex", true, ""), Map.of("session_id", "s-1"));
        assertEquals("POST", BACKEND.turns().getLast().method(), "session_id alone never picks websocket");
        post("/backend-api/codex/responses", body("gpt-5.3-codex", true, ""), Map.of("originator", "codex_exec"));
        assertEquals("WS", BACKEND.turns().getLast().method());
        post("/backend-api/codex/responses", body("gpt-5.3-codex", true, ""), Map.of("x-codex-turn-metadata", "{}"));
        assertEquals("WS", BACKEND.turns().getLast().method());
    }

    @Test
    void anExplicitSettingWinsOverImageGenerationAndOverNativeHeaders() throws Exception {
        kit.account("acc-a", 10, 10);
        kit.reset(target, UpstreamTransport.WEBSOCKET);
        kit.account("acc-a", 10, 10);
        assertEquals(200, post("/v1/responses", body("gpt-5.4", true, IMAGE_TOOL), Map.of()).statusCode());
        assertEquals("WS", BACKEND.turns().getLast().method());

        kit.reset(target, UpstreamTransport.HTTP);
        kit.account("acc-a", 10, 10);
        assertEquals(200, post("/backend-api/codex/responses", body("gpt-5.4", true, ""),
                Map.of("originator", "codex_cli_rs", "x-codex-turn-state", "t-1")).statusCode());
        assertEquals("POST", BACKEND.turns().getLast().method());
    }

    @Test
    void aRefusedUpgradeUnderAutoIsRedoneOverHttpAndLoggedAsHttp() throws Exception {
        kit.account("acc-a", 10, 10);
        BACKEND.refuseWebSocket(true);
        HttpResponse<String> response = post("/v1/responses", body("gpt-5.4", false, ""),
                Map.of("x-client-request-id", "req-426-1"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("completed", Json.MAPPER.readTree(response.body()).get("status").asText());
        assertEquals(1, BACKEND.webSocketHandshakes().size(), "the upgrade was tried");
        assertEquals("POST", BACKEND.turns().getLast().method());
        assertEquals("http", kit.awaitRow("req-426-1").getTransport());
    }

    @Test
    void aRefusedUpgradeUnderAnExplicitWebSocketSettingFails() throws Exception {
        kit.reset(target, UpstreamTransport.WEBSOCKET);
        kit.account("acc-a", 10, 10);
        BACKEND.refuseWebSocket(true);
        HttpResponse<String> response = post("/v1/responses", body("gpt-5.4", false, ""), Map.of());
        assertEquals(426, response.statusCode(), response.body());
        assertTrue(BACKEND.turns().isEmpty(), "no HTTP fallback when websocket is explicit");
    }

    @Test
    void aRateLimitErrorFrameFailsOverToAnotherAccountBeforeAnyEventReachesTheClient() throws Exception {
        kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        BACKEND.account("acc-a").enqueue(Reply.usageLimitReached(Instant.now().plusSeconds(3600)));
        HttpResponse<String> response = post("/v1/responses", body("gpt-5.4", true, ""), Map.of());
        assertTrue(response.body().contains("Hello from acc-b"), response.body());
        assertFalse(response.body().contains("usage_limit_reached"), response.body());
        assertEquals(List.of("acc-a", "acc-b"), BACKEND.turns().stream().map(RecordedRequest::accountId).toList());
    }

    @Test
    void anUnauthorizedUpgradeRefreshesTheTokenAndRetriesOverWebSocket() throws Exception {
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").accessToken("rotated-elsewhere");
        HttpResponse<String> response = post("/v1/responses", body("gpt-5.4", true, ""), Map.of());
        assertTrue(response.body().contains("Hello from acc-a"), response.body());
        assertEquals(1, BACKEND.oauth().refreshCount());
        assertEquals("WS", BACKEND.turns().getLast().method());
    }

    @Test
    void aTwelveMibImageEventPassesOverWebSocketWhileSeventeenMibEndsTheStream() throws Exception {
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.text("big").withLargeEvent(12 * 1024 * 1024),
                Reply.text("huge").withLargeEvent(17 * 1024 * 1024));
        String big = post("/backend-api/codex/responses", body("gpt-5.4", true, ""), Map.of()).body();
        assertTrue(big.length() > 12 * 1024 * 1024 && big.contains("response.completed"), "12 MiB event intact");
        String huge = post("/backend-api/codex/responses", body("gpt-5.4", true, ""), Map.of()).body();
        assertTrue(huge.contains("stream_event_too_large"), huge.substring(0, Math.min(500, huge.length())));
        assertTrue(huge.length() < 1024 * 1024);
        assertTrue(BACKEND.turns().stream().allMatch(r -> r.method().equals("WS")));
    }

    @Test
    void aCutWebSocketStreamEndsWithStreamIncomplete() throws Exception {
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.text("cut me off").cutAfter(3));
        String cut = post("/backend-api/codex/responses", body("gpt-5.4", true, ""), Map.of()).body();
        assertTrue(cut.contains("stream_incomplete"), cut);
        assertFalse(cut.contains("response.completed"));
    }

    @Test
    void aTransportSettingChangeAppliesToTheNextRequestWithinTwoSeconds() throws Exception {
        kit.account("acc-a", 10, 10);
        post("/v1/responses", body("gpt-5.4", true, ""), Map.of());
        assertEquals("WS", BACKEND.turns().getLast().method());

        kit.saveTransport(UpstreamTransport.HTTP, RoutingStrategy.USAGE_WEIGHTED); // the cache is not told
        Instant saved = Instant.now();
        Instant deadline = saved.plusSeconds(3);
        while (!BACKEND.turns().getLast().method().equals("POST") && Instant.now().isBefore(deadline)) {
            post("/v1/responses", body("gpt-5.4", true, ""), Map.of());
        }
        assertEquals("POST", BACKEND.turns().getLast().method(), "the setting reached the proxy");
        assertTrue(Duration.between(saved, BACKEND.turns().getLast().receivedAt()).toMillis() <= 2500,
                "within two seconds (one refresh period plus the request)");
    }

    private static String body(String model, boolean stream, String extra) {
        return "{\"model\":\"" + model + "\",\"input\":\"hi\",\"stream\":" + stream + extra + "}";
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        URI uri = target.path(path).getUri();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
