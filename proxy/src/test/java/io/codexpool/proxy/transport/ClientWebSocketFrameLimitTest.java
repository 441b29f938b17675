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

/** The single-frame limit of client WebSockets follows {@code codexpool.proxy.max-body-bytes} (here 1 MiB). */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.proxy.max-body-bytes", value = "1048576")
class ClientWebSocketFrameLimitTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final String TURN = "{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":[{\"type\":"
            + "\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"%s\"}]}]}";

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
        byte[] tooBig = TURN.formatted("z".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket client = RawWebSocket.connect(ws("/backend-api/codex/responses"), Duration.ofSeconds(30))) {
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
        assertTrue(BACKEND.requests().isEmpty(), "nothing went upstream");
    }

    @Test
    void aSingleFrameUnderTheBodyLimitIsAnswered() throws Exception {
        kit.account("acc-a", 10, 10);
        try (RawWebSocket client = RawWebSocket.connect(ws("/backend-api/codex/responses"), Duration.ofSeconds(30))) {
            client.sendText(TURN.formatted("w".repeat(900 * 1024)));
            assertEquals("response.completed", client.turn().getLast().path("type").asText());
        }
    }

    private URI ws(String path) {
        return URI.create(target.path(path).getUri().toString().replaceFirst("^http", "ws"));
    }
}
