package io.codexpool.proxy.transport;

import io.codexpool.proxy.models.ModelRegistry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which models prefer the WebSocket transport: the upstream list's {@code prefer_websockets} flag once the list is
 * known, before that {@code gpt-5.4} and {@code gpt-5.4-*}.
 */
@ApplicationScoped
public class WebSocketModels {
    private final ModelRegistry registry;

    @Inject
    public WebSocketModels(ModelRegistry registry) {
        this.registry = registry;
    }

    public boolean prefersWebSockets(String model) {
        if (model == null) {
            return false;
        }
        return registry.prefersWebSockets(model)
                .orElse(model.equals("gpt-5.4") || model.startsWith("gpt-5.4-"));
    }
}
