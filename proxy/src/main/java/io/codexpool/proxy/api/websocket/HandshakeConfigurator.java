package io.codexpool.proxy.api.websocket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.codexpool.proxy.pipeline.Route;
import io.codexpool.proxy.sticky.StickyKeys;
import io.codexpool.proxy.usage.PoolUsage;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Keeps the client's handshake headers for its turns and picks the socket's turn state: the client's
 * {@code x-codex-turn-state}, else its Codex session header (backend routes), else a new one. The handshake reply carries the key as
 * {@code x-codex-turn-state}, so a client that sends it back when it reconnects keeps its key, and the pool's usage
 * headers.
 */
final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {
    static final String TURN_STATE = "x-codex-turn-state";
    static final String HEADERS = "codexpool.headers";

    private final Route route;

    HandshakeConfigurator(Route route) {
        this.route = route;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        // Tyrus hands every handshake its own copy of the user properties, the same map onOpen later sees.
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        String turnState = StickyKeys.turnState(headers);
        if (turnState == null && route.backend()) {
            // a Codex CLI that does not send the answered turn state back still names its session on every socket;
            // as on HTTP, only the backend routes take a session header for a conversation's key
            turnState = StickyKeys.sessionHeader(headers);
        }
        if (turnState == null) {
            turnState = UUID.randomUUID().toString();
        }
        // Helidon 4.2.0's own upgrader drops reply headers; upgrade.ReplyHeadersUpgradeProvider writes them
        response.getHeaders().put(TURN_STATE, List.of(turnState));
        // as on every proxy reply: Codex clients show the pool's usage from these
        CDI.current().select(PoolUsage.class).get().headers()
                .forEach((name, value) -> response.getHeaders().put(name, List.of(value)));
        config.getUserProperties().put(HEADERS, headers);
        config.getUserProperties().put(TURN_STATE, turnState);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new ResponsesSocket(CDI.current().select(WebSocketTurns.class).get(), route));
    }
}
