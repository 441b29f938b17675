package io.codexpool.proxy.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Test-only WebSocket client of the proxy that records the frames it receives and how the socket closed. It connects
 * with the JDK's client, which checks the handshake reply strictly, or with Tyrus's Jakarta WebSocket client, which
 * also shows the reply's headers.
 */
final class ClientSocketRecorder implements AutoCloseable {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final Map<String, List<String>> replyHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private Consumer<String> sender;
    private Runnable abort;

    static ClientSocketRecorder connect(URI uri, String... headers) {
        ClientSocketRecorder recorder = new ClientSocketRecorder();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        WebSocket socket = builder.buildAsync(uri, recorder.new JdkListener()).join();
        recorder.sender = text -> socket.sendText(text, true).join();
        recorder.abort = socket::abort;
        return recorder;
    }

    /** Connects with Tyrus's client; {@link #replyHeader} then shows the handshake reply's headers. */
    static ClientSocketRecorder connectSeeingReply(URI uri, String... headers) throws DeploymentException,
            IOException {
        ClientSocketRecorder recorder = new ClientSocketRecorder();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        for (int i = 0; i < headers.length; i += 2) {
                            request.put(headers[i], List.of(headers[i + 1]));
                        }
                    }

                    @Override
                    public void afterResponse(HandshakeResponse response) {
                        recorder.replyHeaders.putAll(response.getHeaders());
                    }
                }).build();
        Session session = ContainerProvider.getWebSocketContainer()
                .connectToServer(recorder.new JakartaEndpoint(), config, uri);
        recorder.sender = text -> {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        recorder.abort = () -> {
            try {
                session.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return recorder;
    }

    /** The handshake reply's values of a header; only a socket of {@link #connectSeeingReply} has them. */
    List<String> replyHeader(String name) {
        return replyHeaders.getOrDefault(name, List.of());
    }

    void send(String frame) {
        sender.accept(frame);
    }

    /** The frames of one turn, up to its terminal event or error frame. */
    List<JsonNode> turn() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            String frame = frames.poll(20, TimeUnit.SECONDS);
            assertNotNull(frame, "a frame within 20 s; got so far " + events);
            JsonNode event = Json.MAPPER.readTree(frame);
            events.add(event);
            String type = event.path("type").asText();
            if (type.equals("error") || type.equals("response.completed") || type.equals("response.failed")
                    || type.equals("response.incomplete")) {
                return events;
            }
        }
    }

    int awaitClose(Duration timeout) throws Exception {
        return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        abort.run();
    }

    private final class JdkListener implements WebSocket.Listener {
        private StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial = new StringBuilder();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }

    private final class JakartaEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frames::add);
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            closeCode.complete(closeReason.getCloseCode().getCode());
        }

        @Override
        public void onError(Session session, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
