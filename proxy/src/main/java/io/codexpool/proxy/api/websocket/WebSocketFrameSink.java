package io.codexpool.proxy.api.websocket;

import java.io.IOException;

import io.codexpool.proxy.replies.EventSink;
import io.codexpool.proxy.upstream.SseEvent;

/** Sends each relayed event to a WebSocket client as one JSON text frame. */
final class WebSocketFrameSink implements EventSink {
    private final ClientSocket socket;

    WebSocketFrameSink(ClientSocket socket) {
        this.socket = socket;
    }

    @Override
    public void accept(SseEvent event) throws IOException {
        socket.send(event.data());
    }
}
