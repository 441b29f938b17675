package io.codexpool.proxy.reliability;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
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

/** Client WebSockets that do not keep up: one that does not read, one that queues turns without end. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.proxy.websocket-send-timeout-seconds", value = "2")
class SlowWebSocketClientsTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final String TURN = "{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":\"hi\"}";

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.HTTP);
    }

    @Test
    void aClientThatDoesNotReadIsDisconnectedAndItsTurnEnds() throws Exception {
        String account = kit.account("acc-a", 10, 10);
        // 48 events of 1 MiB: far more than the socket buffers (and a client's one buffered frame) hold
        BACKEND.account("acc-a").enqueue(Reply.events(manyLargeDeltas(48, 1024 * 1024)));
        WebSocket socket = connect(new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                // never request(): this client reads nothing
            }
        });
        try {
            socket.sendText(TURN, true).get(10, TimeUnit.SECONDS);
            RequestLog row = kit.awaitRows(r -> account.equals(r.getAccountId()), 1).getFirst();
            assertEquals(499, row.getStatusCode(), row.getErrorCode() + ": " + row.getErrorMessage());
        } finally {
            socket.abort();
        }
    }

    @Test
    void aClientThatQueuesTurnsWithoutEndIsClosedWithPolicyViolation() throws Exception {
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.text("held").stallAfter(1)); // the first turn holds the queue
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = connect(new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        });
        try {
            for (int i = 0; i < 40 && !closed.isDone(); i++) {
                socket.sendText(TURN, true).get(10, TimeUnit.SECONDS);
            }
            assertEquals(1008, closed.get(30, TimeUnit.SECONDS));
        } finally {
            socket.abort();
            BACKEND.reset();
        }
    }

    private static String[] manyLargeDeltas(int count, int bytes) {
        List<String> events = new ArrayList<>();
        events.add("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_big\",\"status\":\"in_progress\"}}");
        String delta = "x".repeat(bytes);
        for (int i = 0; i < count; i++) {
            events.add("{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,"
                    + "\"content_index\":0,\"delta\":\"" + delta + "\"}");
        }
        events.add("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_big\",\"status\":\"completed\"}}");
        return events.toArray(String[]::new);
    }

    private WebSocket connect(WebSocket.Listener listener) throws Exception {
        URI uri = URI.create(kit.uri("/v1/responses").toString().replaceFirst("^http", "ws"));
        return kit.http().newWebSocketBuilder().buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
    }
}
