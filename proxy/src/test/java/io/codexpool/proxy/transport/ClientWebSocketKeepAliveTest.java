package io.codexpool.proxy.transport;

import java.time.Duration;
import java.util.List;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.testing.ProxyTestKit;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Helidon closes a connection whose client has sent nothing for {@code server.idle-connection-timeout} (5 minutes by
 * default, 3 s here), even while a turn streams to it. The service pings its WebSocket clients (every second here),
 * and their pongs keep a long turn's connection open.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "server.idle-connection-timeout", value = "PT3S")
@AddConfig(key = "server.idle-connection-period", value = "PT0.5S")
@AddConfig(key = "codexpool.proxy.websocket-ping-seconds", value = "1")
class ClientWebSocketKeepAliveTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;

    @Test
    void aTurnStreamingLongerThanHelidonsIdleTimeoutToASilentClientIsNotCut() throws Exception {
        kit.reset(target, UpstreamTransport.HTTP);
        kit.account("acc-a", 10, 10);
        // several seconds of events, while the client sends nothing but pongs
        BACKEND.account("acc-a").enqueue(Reply.text("a long answer").delayBetweenEvents(Duration.ofMillis(800)));
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ClientFrames.ws(target,
                "/backend-api/codex/responses"))) {
            long started = System.nanoTime();
            client.send(ClientFrames.turn("take your time"));
            List<JsonNode> events = client.turn();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(4)) > 0, "the turn outlasted the idle timeout: " + took);
            assertEquals("response.completed", events.getLast().path("type").asText(), events.toString());
        }
    }
}
