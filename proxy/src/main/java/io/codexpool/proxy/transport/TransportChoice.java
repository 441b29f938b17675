package io.codexpool.proxy.transport;

import io.codexpool.proxy.upstream.Transport;

/**
 * The transport for one request.
 *
 * @param automatic true when {@code auto} chose it, so a refused WebSocket upgrade (426) may fall back to HTTP;
 *                  an explicit choice is kept even then
 */
public record TransportChoice(Transport transport, boolean automatic) {
    public static final TransportChoice HTTP = new TransportChoice(Transport.HTTP, false);
}
