package io.codexpool.proxy.api.websocket;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import io.codexpool.proxy.pipeline.Route;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * One client WebSocket: hands each text frame to {@link WebSocketTurns} and frees the upstream socket at the end. A
 * binary frame closes the socket with 1003, any other error with 1011: a socket whose turns have stopped must not
 * stay open.
 */
public final class ResponsesSocket extends Endpoint {
    private final WebSocketTurns turns;
    private final Route route;
    private ClientSocket socket;

    ResponsesSocket(WebSocketTurns turns, Route route) {
        this.turns = turns;
        this.route = route;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onOpen(Session session, EndpointConfig config) {
        Map<String, List<String>> headers = (Map<String, List<String>>) config.getUserProperties()
                .get(HandshakeConfigurator.HEADERS);
        String turnState = (String) config.getUserProperties().get(HandshakeConfigurator.TURN_STATE);
        socket = turns.open(session, route, headers == null ? Map.of() : headers, turnState);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) socket::receive);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) frame -> socket.fail(
                CloseReason.CloseCodes.CANNOT_ACCEPT, "binary frames are not supported; send text frames"));
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (socket != null) {
            socket.close();
            turns.closed();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        if (socket != null) {
            socket.fail(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "socket error");
        }
    }
}
