package io.codexpool.proxy.api.websocket;

import java.util.Set;

import io.codexpool.proxy.api.ClientRoutes;
import io.codexpool.proxy.pipeline.Route;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        return Set.of(endpoint(ClientRoutes.BACKEND_RESPONSES), endpoint(ClientRoutes.V1_RESPONSES));
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }

    /**
     * The POST route's endpoint; its turns go upstream as streams, which an HTTP upstream needs stated, and may
     * continue a conversation chain on either route.
     */
    private static ServerEndpointConfig endpoint(Route post) {
        Route route = new Route(post.path(), body -> {
            ObjectNode normalized = post.normalizer().apply(body);
            normalized.put("stream", true); // the upstream WebSocket frame drops it again
            return normalized;
        }, false, true);
        return ServerEndpointConfig.Builder.create(ResponsesSocket.class, post.path())
                .configurator(new HandshakeConfigurator(route))
                .build();
    }
}
