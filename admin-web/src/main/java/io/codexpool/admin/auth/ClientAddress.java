package io.codexpool.admin.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.helidon.webserver.http.ServerRequest;

/** The socket peer of a request: what the sign-in limit counts and what first-run set-up trusts when loopback. */
record ClientAddress(InetAddress address) {
    static ClientAddress of(ServerRequest request) {
        SocketAddress peer = request.remotePeer().address();
        return new ClientAddress(peer instanceof InetSocketAddress inet ? inet.getAddress() : null);
    }

    boolean loopback() {
        return address != null && address.isLoopbackAddress();
    }

    String key() {
        return address == null ? "unknown" : address.getHostAddress();
    }
}
