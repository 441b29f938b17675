package io.codexpool.proxy.transport.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Keeps the client's handshake headers for its turns and answers with the conversation's {@code x-codex-turn-state}:
 * the client's own, or a new one it will send back on reconnects.
 */
final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {
    static final String TURN_STATE = "x-codex-turn-state";
    static final String HEADERS = "codexpool.headers";

    private final TurnRoute route;

    HandshakeConfigurator(TurnRoute route) {
        this.route = route;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        // Tyrus hands every handshake its own copy of the user properties, the same map onOpen later sees.
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        List<String> state = headers.get(TURN_STATE);
        String turnState = state == null || state.isEmpty() || state.getFirst().isBlank()
                ? UUID.randomUUID().toString() : state.getFirst();
        // Helidon 4.2.0's Tyrus upgrader writes a fixed 101 reply and drops these headers; later versions send them.
        response.getHeaders().put(TURN_STATE, List.of(turnState));
        config.getUserProperties().put(HEADERS, headers);
        config.getUserProperties().put(TURN_STATE, turnState);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new ResponsesSocket(CDI.current().select(WebSocketTurns.class).get(), route));
    }
}
