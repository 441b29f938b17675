package io.codexpool.proxy.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.codexpool.proxy.upstream.Json;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Test-only WebSocket client of the proxy that records the frames it receives and how the socket closed. */
final class ClientSocketRecorder implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static ClientSocketRecorder connect(URI uri, String... headers) {
        ClientSocketRecorder recorder = new ClientSocketRecorder();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        recorder.socket = builder.buildAsync(uri, recorder).join();
        return recorder;
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
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

    @Override
    public void close() {
        socket.abort();
    }
}
