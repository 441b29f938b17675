package io.codexpool.proxy.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Turns off Jersey's response buffering, so a relayed event reaches the client when the sink flushes it. Jersey
 * (3.1.10) holds back the first 8 KiB of every response to compute a Content-Length and ignores {@code flush()}
 * until then (helidon-io/helidon#9183): a Codex stream of forty small events reached the client only at its end,
 * and a stalled stream's first event never did.
 */
@Provider
@ApplicationScoped
public class UnbufferedResponses implements Feature {
    @Override
    public boolean configure(FeatureContext context) {
        context.property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
        return true;
    }
}
