package io.codexpool.proxy.transport;

import java.io.IOException;

/**
 * The upstream side of one client WebSocket: one upstream socket, reused turn after turn while the account stays
 * the same, and reopened on the new account when failover or routing moves the conversation.
 */
public final class SessionWebSocketOpener implements UpstreamStreamOpener, AutoCloseable {
    private final WebSocketConnector connector;
    private UpstreamWebSocket socket;

    SessionWebSocketOpener(WebSocketConnector connector) {
        this.connector = connector;
    }

    @Override
    public synchronized UpstreamEvents open(UpstreamTurn turn) throws UpstreamRefused {
        String frame = WebSocketConnector.createFrame(turn.call().body());
        if (socket != null && socket.usable() && socket.accountId().equals(turn.account().id())) {
            try {
                return socket.startTurn(frame, false, turn.rateLimits());
            } catch (IOException e) {
                // upstream closed the idle socket in between: open a fresh one below
            }
        }
        close();
        socket = connector.connect(turn);
        try {
            return socket.startTurn(frame, false, turn.rateLimits());
        } catch (IOException e) {
            close();
            throw UpstreamRefused.unreachable(e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
