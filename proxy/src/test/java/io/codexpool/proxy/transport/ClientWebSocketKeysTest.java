package io.codexpool.proxy.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.apikeys.TestKeys;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.testing.ProxyTestKit;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys on client WebSockets: the handshake needs a valid key, and each turn is checked again. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddBean(TestKeys.class)
class ClientWebSocketKeysTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;
    @Inject
    TestKeys keys;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
        keys.deleteAll();
        keys.require(true, true);
    }

    @Test
    void aHandshakeWithoutAValidKeyIsRefusedWith401AndOpensNothingUpstream() {
        kit.account("acc-a", 10, 10);
        for (String authorization : new String[] {null, "Bearer cpk_unknown"}) {
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            if (authorization != null) {
                builder.header("authorization", authorization);
            }
            CompletionException failed = assertThrows(CompletionException.class, () -> builder
                    .buildAsync(ws("/backend-api/codex/responses"), new WebSocket.Listener() { }).join());
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class,
                    failed.getCause());
            assertEquals(401, refused.getResponse().statusCode());
            assertTrue(String.valueOf(refused.getResponse().body()).contains("invalid_api_key"),
                    String.valueOf(refused.getResponse().body()));
        }
        assertEquals(0, BACKEND.webSocketHandshakes().size());
    }

    @Test
    void aRefusedTurnGetsTheErrorFrameAndTheSocketStaysOpenForTheNext() throws Exception {
        kit.account("acc-a", 10, 10);
        String key = keys.create("ws", k -> k.setAllowedModels("[\"gpt-5.4\"]"));
        String keyId = keys.row(key).getId();
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"),
                "authorization", "Bearer " + key)) {
            client.send(ClientFrames.turn("allowed"));
            assertTrue(client.turn().getLast().path("type").asText().equals("response.completed"));
            client.send(ClientFrames.turn("other model").replace("gpt-5.4", "gpt-5.4-mini"));
            JsonNode refused = client.turn().getLast();
            assertEquals("error", refused.path("type").asText());
            assertEquals(403, refused.path("status").asInt());
            assertEquals("model_not_allowed", refused.path("error").path("code").asText());
            assertEquals("model", refused.path("error").path("param").asText());

            keys.update(key, k -> k.setEnabled(false));
            client.send(ClientFrames.turn("after disabling"));
            JsonNode disabled = client.turn().getLast();
            assertEquals(401, disabled.path("status").asInt(), disabled.toString());
            assertEquals("invalid_api_key", disabled.path("error").path("code").asText());

            keys.update(key, k -> k.setEnabled(true));
            client.send(ClientFrames.turn("enabled again"));
            assertEquals("response.completed", client.turn().getLast().path("type").asText(),
                    "the socket stayed open through the refusals");
        }
        assertEquals(2, BACKEND.turns().size(), "refused turns never went upstream");
        assertEquals(2, kit.awaitRows(row -> keyId.equals(row.getApiKeyId()) && row.getStatusCode() == 200, 2)
                .size(), "the key's turns are logged with its id");
    }

    private URI ws(String path) {
        return ClientFrames.ws(target, path);
    }
}
