package io.codexpool.proxy.upstream.websocket;

import java.io.IOException;

import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.upstream.UpstreamEvents;
import io.codexpool.proxy.upstream.UpstreamRefused;
import io.codexpool.proxy.upstream.UpstreamStreamOpener;
import io.codexpool.proxy.upstream.UpstreamTurn;

/**
 * The upstream side of one client WebSocket: one upstream socket, reused turn after turn while the account stays
 * the same, and reopened on the new account when failover or routing moves the conversation.
 */
public final class SessionWebSocketOpener implements UpstreamStreamOpener, AutoCloseable {
    private final WebSocketConnector connector;
    private UpstreamWebSocket socket;
    private boolean closed;

    public SessionWebSocketOpener(WebSocketConnector connector) {
        this.connector = connector;
    }

    @Override
    public synchronized UpstreamEvents open(UpstreamTurn turn) throws UpstreamRefused {
        if (closed) {
            // the client socket is gone: a socket opened now would have no one to close it
            throw new RequestCancelled("the client socket is closed");
        }
        if (socket != null && socket.usable() && socket.accountId().equals(turn.accountId())) {
            try {
                return socket.startTurn(frame(turn), false, turn.rateLimits());
            } catch (IOException e) {
                // upstream closed the idle socket in between: open a fresh one below
            }
        }
        release();
        socket = connector.connect(turn);
        try {
            return socket.startTurn(frame(turn), false, turn.rateLimits());
        } catch (IOException e) {
            release();
            throw UpstreamRefused.unreachable(e.getMessage());
        }
    }

    /** The turn's frame for the socket it goes on: a chain continues as it is only where upstream holds it. */
    private String frame(UpstreamTurn turn) {
        return WebSocketConnector.createFrame(turn.call().bodyOn(socket.connectionId(), turn.accountId()));
    }

        /** Closes the upstream socket for good: with the client socket. */
    @Override
    public synchronized void close() {
        closed = true;
        release();
    }

    private void release() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
