package io.codexpool.proxy.transport;

import io.codexpool.proxy.upstream.Transport;
import io.codexpool.proxy.upstream.UpstreamEvents;
import io.codexpool.proxy.upstream.UpstreamRefused;
import io.codexpool.proxy.upstream.UpstreamStreamOpener;
import io.codexpool.proxy.upstream.UpstreamTurn;

/**
 * Opens each attempt over the transport the resolver picks; under {@code auto} a WebSocket upgrade refused with 426
 * is redone over HTTP. Compact has no WebSocket form: it always takes its own HTTP opener.
 */
public final class TransportStreamOpener implements UpstreamStreamOpener {
    private final TransportResolver resolver;
    private final UpstreamStreamOpener http;
    private final UpstreamStreamOpener webSocket;
    private final UpstreamStreamOpener compact;

    TransportStreamOpener(TransportResolver resolver, UpstreamStreamOpener http, UpstreamStreamOpener webSocket,
                          UpstreamStreamOpener compact) {
        this.resolver = resolver;
        this.http = http;
        this.webSocket = webSocket;
        this.compact = compact;
    }

    @Override
    public UpstreamEvents open(UpstreamTurn turn) throws UpstreamRefused {
        if (turn.call().compact()) {
            return compact.open(turn);
        }
        TransportChoice choice = resolver.resolve(turn.call().body(), turn.call().headers());
        if (choice.transport() == Transport.HTTP) {
            return http.open(turn);
        }
        try {
            return webSocket.open(turn);
        } catch (UpstreamRefused refused) {
            if (refused.upgradeRequired() && choice.automatic()) {
                return http.open(turn);
            }
            throw refused;
        }
    }
}
