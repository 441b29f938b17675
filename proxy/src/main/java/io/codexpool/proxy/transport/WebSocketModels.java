package io.codexpool.proxy.transport;

/**
 * Which models prefer the WebSocket transport. The model registry can provide its own bean (as an
 * {@code @Alternative} with a {@code @Priority}) that answers from the upstream list's {@code prefer_websockets} flag.
 */
public interface WebSocketModels {
    boolean prefersWebSockets(String model);
}
