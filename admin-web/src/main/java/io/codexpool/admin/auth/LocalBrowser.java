package io.codexpool.admin.auth;

import java.net.URI;
import java.util.Locale;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Whether a request comes from a browser on the service's own machine that addresses it by a loopback name. The peer
 * address alone is not enough: a web page open in that browser can point its own host name at 127.0.0.1 (DNS
 * rebinding); its requests then come from loopback, but carry the page's host name.
 */
final class LocalBrowser {
    private LocalBrowser() {
    }

    static boolean is(ClientAddress peer, ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        return peer.loopback() && loopbackName(hostOfHostHeader(request.getHeaderString("Host")))
                && (origin == null || loopbackName(hostOfOrigin(origin)));
    }

    private static String hostOfHostHeader(String host) {
        if (host == null) {
            return null;
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? null : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String hostOfOrigin(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean loopbackName(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.equals("::1") || name.matches("127(\\.[0-9]{1,3}){3}");
    }
}
