package io.codexpool.proxy.api.websocket;

import java.io.IOException;
import java.util.logging.Logger;

import io.codexpool.proxy.pipeline.ClientReplies;
import io.codexpool.proxy.pipeline.ReplyWriter;
import io.codexpool.proxy.pipeline.StreamRelay;
import io.codexpool.proxy.pipeline.TurnError;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answers of a client WebSocket's turn: each event as one JSON text frame, and a failure as an {@code error}
 * frame {@code {"type":"error","status":...,"error":{...}}} that carries the same error object as the HTTP body.
 */
final class FrameReplies implements ClientReplies<Void> {
    private static final Logger LOG = Logger.getLogger(FrameReplies.class.getName());

    private final ClientSocket socket;

    FrameReplies(ClientSocket socket) {
        this.socket = socket;
    }

    @Override
    public ReplyWriter<Void> writer(ObjectNode clientBody) {
        return (opened, end) -> {
            StreamRelay.toClient(opened, event -> socket.send(event.data()), end);
            return null;
        };
    }

    @Override
    public Void error(TurnError error, String requestId) {
        if (error.body() == null) {
            return null; // the client went away
        }
        ObjectNode frame = Json.object().put("type", "error").put("status", error.status());
        frame.set("error", error.frameError());
        try {
            socket.send(Json.write(frame));
        } catch (IOException e) {
            LOG.fine(() -> "client gone before its error frame: " + e.getMessage());
        }
        return null;
    }
}
