package io.codexpool.admin.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.helidon.webserver.http.ServerRequest;

/** The socket peer of a request: what the sign-in limit counts and what first-run set-up trusts when loopback. */
public record ClientAddress(InetAddress address) {
    public static ClientAddress of(ServerRequest request) {
        SocketAddress peer = request.remotePeer().address();
        return new ClientAddress(peer instanceof InetSocketAddress inet ? inet.getAddress() : null);
    }

    boolean loopback() {
        return address != null && address.isLoopbackAddress();
    }

    String key() {
        return address == null ? "unknown" : address.getHostAddress();
    }

    /**
     * Whom the sign-in limit counts. Behind a reverse proxy on this machine ({@code codexpool.admin.loopback-setup}
     * off) every browser arrives from loopback and would share one count, so one stranger could lock the admin out;
     * there the address the proxy appended to {@code X-Forwarded-For} (the last one, which a client cannot forge) is
     * counted instead.
     */
    public String limiterKey(String forwardedFor, boolean behindLocalProxy) {
        if (!behindLocalProxy || !loopback() || forwardedFor == null || forwardedFor.isBlank()) {
            return key();
        }
        String[] hops = forwardedFor.split(",");
        return hops[hops.length - 1].strip();
    }
}
