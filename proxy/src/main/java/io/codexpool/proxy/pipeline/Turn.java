package io.codexpool.proxy.pipeline;

import java.util.List;
import java.util.Map;

import io.codexpool.proxy.upstream.Transport;
import io.codexpool.proxy.upstream.UpstreamStreamOpener;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One turn as a client sent it, before any step ran: a POST, or one {@code response.create} frame of a client
 * WebSocket.
 *
 * @param headers the client's headers (a WebSocket's handshake headers), lower-case names
 * @param socket  the client WebSocket the turn came on; null for HTTP
 * @param body    reads the client's body within the size limit
 * @param opener  opens the upstream: per request for HTTP, the socket's own for a client WebSocket
 */
public record Turn(Route route, Map<String, List<String>> headers, Socket socket, Body body,
                   UpstreamStreamOpener opener) {
    /** The client's JSON body, read within the limit. */
    @FunctionalInterface
    public interface Body {
        /** @throws io.codexpool.proxy.errors.InvalidRequest when it is larger than {@code maxBytes} or no JSON object */
        ObjectNode read(long maxBytes);
    }

    /**
     * A client WebSocket.
     *
     * @param id        its id on this replica: its conversation chains are bounded together
     * @param turnState its turn state (answered in its handshake), the sticky key of a turn that has no stronger one
     */
    public record Socket(String id, String turnState) {
    }

    /** How the client talks to us, logged until an upstream transport is chosen. */
    Transport clientTransport() {
        return socket == null ? Transport.HTTP : Transport.WEBSOCKET;
    }

    /** The first value of a header, or null. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
