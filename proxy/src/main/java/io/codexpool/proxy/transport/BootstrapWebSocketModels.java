package io.codexpool.proxy.transport;

import jakarta.enterprise.context.ApplicationScoped;

/** The rule before the model list is known: {@code gpt-5.4} and {@code gpt-5.4-*} prefer WebSockets. */
@ApplicationScoped
public class BootstrapWebSocketModels implements WebSocketModels {
    @Override
    public boolean prefersWebSockets(String model) {
        return model != null && (model.equals("gpt-5.4") || model.startsWith("gpt-5.4-"));
    }
}
