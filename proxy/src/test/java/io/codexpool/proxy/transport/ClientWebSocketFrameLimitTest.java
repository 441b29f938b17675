package io.codexpool.proxy.transport;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single-frame limit of client WebSockets follows {@code codexpool.proxy.max-body-bytes} (here 8 MiB), not Tyrus's
 * 4 MiB default. The sockets send each message as one frame, as the Codex CLI does.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.proxy.max-body-bytes", value = "8388608")
class ClientWebSocketFrameLimitTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
    }

    @Test
    void aSingleFrameOverTheBodyLimitClosesTheSocket() throws Exception {
        kit.account("acc-a", 10, 10);
        byte[] tooBig = ClientFrames.turn("z".repeat(9 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket client = RawWebSocket.connect(ws("/backend-api/codex/responses"), Duration.ofSeconds(60))) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    client.send(RawWebSocket.TEXT, tooBig);
                } catch (IOException e) {
                    // the server may close before it has read the whole frame
                }
            });
            int code = client.awaitClose();
            assertTrue(code == 1009 || code == 1011, "closed with " + code);
            writer.join(Duration.ofSeconds(30));
        }
        assertTrue(BACKEND.turns().isEmpty(), "nothing went upstream");
    }

    @Test
    void aSingleUnsplitFrameOfSixMibIsAnswered() throws Exception {
        kit.account("acc-a", 10, 10);
        try (RawWebSocket client = RawWebSocket.connect(ws("/backend-api/codex/responses"), Duration.ofSeconds(60))) {
            client.sendText(ClientFrames.turn("y".repeat(6 * 1024 * 1024)));
            assertEquals("response.completed", client.turn().getLast().path("type").asText());
        }
        assertTrue(BACKEND.turns().getFirst().body().length() > 6 * 1024 * 1024);
    }

    private URI ws(String path) {
        return ClientFrames.ws(target, path);
    }
}
