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
 * @param headers         the client's headers (a WebSocket's handshake headers), lower-case names
 * @param clientTransport how the client talks to us, logged until an upstream transport is chosen
 * @param socketTurnState a client WebSocket's turn state (answered in its handshake), the key of a turn that has no
 *                        stronger one; null for HTTP
 * @param body            reads the client's body within the size limit
 * @param opener          opens the upstream: per request for HTTP, the socket's own for a client WebSocket
 */
public record Turn(Route route, Map<String, List<String>> headers, Transport clientTransport, String socketTurnState,
                   Body body, UpstreamStreamOpener opener) {
    /** The client's JSON body, read within the limit. */
    @FunctionalInterface
    public interface Body {
        /** @throws io.codexpool.proxy.errors.InvalidRequest when it is larger than {@code maxBytes} or no JSON object */
        ObjectNode read(long maxBytes);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
