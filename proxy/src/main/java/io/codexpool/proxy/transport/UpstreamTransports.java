package io.codexpool.proxy.transport;

import io.codexpool.proxy.upstream.CompactOpener;
import io.codexpool.proxy.upstream.HttpStreamOpener;
import io.codexpool.proxy.upstream.UpstreamStreamOpener;
import io.codexpool.proxy.upstream.websocket.SessionWebSocketOpener;
import io.codexpool.proxy.upstream.websocket.WebSocketConnector;
import io.codexpool.proxy.upstream.websocket.WebSocketStreamOpener;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The stream openers of the proxy: per request for HTTP clients, per socket for WebSocket clients. */
@ApplicationScoped
public class UpstreamTransports {
    private final TransportResolver resolver;
    private final HttpStreamOpener http;
    private final CompactOpener compact;
    private final WebSocketConnector connector;
    private final TransportStreamOpener perRequest;

    @Inject
    public UpstreamTransports(TransportResolver resolver, HttpStreamOpener http, WebSocketStreamOpener webSocket,
                              CompactOpener compact, WebSocketConnector connector) {
        this.resolver = resolver;
        this.http = http;
        this.compact = compact;
        this.connector = connector;
        this.perRequest = new TransportStreamOpener(resolver, http, webSocket, compact);
    }

    /** For HTTP clients: a fresh upstream socket per request when WebSocket is chosen; compact over HTTP. */
    public UpstreamStreamOpener perRequest() {
        return perRequest;
    }

    /** For one client WebSocket: its turns share one upstream socket. Close it with the client socket. */
    public ClientSocketOpener forClientSocket() {
        SessionWebSocketOpener session = new SessionWebSocketOpener(connector);
        return new ClientSocketOpener(new TransportStreamOpener(resolver, http, session, compact), session);
    }

    /** The opener of one client socket and the upstream socket it keeps. */
    public record ClientSocketOpener(UpstreamStreamOpener opener, SessionWebSocketOpener upstream)
            implements AutoCloseable {
        @Override
        public void close() {
            upstream.close();
        }
    }
}
