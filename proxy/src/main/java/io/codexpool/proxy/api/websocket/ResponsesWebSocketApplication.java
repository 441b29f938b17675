package io.codexpool.proxy.api.websocket;

import java.util.Set;

import io.codexpool.proxy.requests.ResponsesNormalizer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The client-facing WebSocket routes. They share their paths with the JAX-RS POST routes: the WebSocket upgrader
 * takes only upgrade requests, everything else reaches JAX-RS.
 */
@ApplicationScoped
public class ResponsesWebSocketApplication implements ServerApplicationConfig {
    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of(
                route("/backend-api/codex/responses", new TurnRoute("/backend-api/codex/responses",
                        ResponsesNormalizer::backend)),
                route("/v1/responses", new TurnRoute("/v1/responses", ResponsesNormalizer::v1)));
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }

    private static ServerEndpointConfig route(String path, TurnRoute route) {
        return ServerEndpointConfig.Builder.create(ResponsesSocket.class, path)
                .configurator(new HandshakeConfigurator(route))
                .build();
    }
}
