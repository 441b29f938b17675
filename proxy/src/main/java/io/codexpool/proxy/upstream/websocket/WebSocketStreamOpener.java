package io.codexpool.proxy.upstream.websocket;

import java.io.IOException;

import io.codexpool.proxy.upstream.UpstreamEvents;
import io.codexpool.proxy.upstream.UpstreamRefused;
import io.codexpool.proxy.upstream.UpstreamStreamOpener;
import io.codexpool.proxy.upstream.UpstreamTurn;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** One upstream WebSocket per request: opened for the turn, closed with it. For HTTP clients. */
@ApplicationScoped
public class WebSocketStreamOpener implements UpstreamStreamOpener {
    private final WebSocketConnector connector;

    @Inject
    public WebSocketStreamOpener(WebSocketConnector connector) {
        this.connector = connector;
    }

    @Override
    public UpstreamEvents open(UpstreamTurn turn) throws UpstreamRefused {
        UpstreamWebSocket socket = connector.connect(turn);
        try {
            return socket.startTurn(WebSocketConnector.createFrame(
                    turn.call().bodyOn(socket.connectionId(), turn.accountId())), true, turn.rateLimits());
        } catch (IOException e) {
            socket.abort();
            throw UpstreamRefused.unreachable(e.getMessage());
        } catch (RuntimeException e) {
            socket.abort(); // a turn that cannot go up (its chain cannot be replayed) leaves no socket open upstream
            throw e;
        }
    }
}
