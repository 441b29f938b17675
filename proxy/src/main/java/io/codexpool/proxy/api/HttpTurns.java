package io.codexpool.proxy.api;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.codexpool.proxy.pipeline.ClientIdentity;
import io.codexpool.proxy.pipeline.Route;
import io.codexpool.proxy.pipeline.Turn;
import io.codexpool.proxy.pipeline.TurnPipeline;
import io.codexpool.proxy.replies.HttpReplies;
import io.codexpool.proxy.requests.RequestBodies;
import io.codexpool.proxy.transport.UpstreamTransports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** A POST as a turn of the {@link TurnPipeline}, answered in the format its route and body ask for. */
@ApplicationScoped
public class HttpTurns {
    private final TurnPipeline pipeline;
    private final HttpReplies replies;
    private final UpstreamTransports transports;
    private final ClientIdentity identity;

    @Inject
    public HttpTurns(TurnPipeline pipeline, HttpReplies replies, UpstreamTransports transports,
                     ClientIdentity identity) {
        this.pipeline = pipeline;
        this.replies = replies;
        this.transports = transports;
        this.identity = identity;
    }

    public Response run(Route route, HttpHeaders headers, InputStream body,
                        Function<ObjectNode, HttpReplies.Format> format) {
        Map<String, List<String>> lowerCase = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> lowerCase.put(name.toLowerCase(Locale.ROOT), values));
        Turn turn = new Turn(route, lowerCase, null,
                maxBytes -> RequestBodies.read(body, headers.getLength(), maxBytes), transports.perRequest());
        return pipeline.run(turn, replies.as(format));
    }

    /**
     * The identity check of a route that sends no turn.
     *
     * @throws io.codexpool.proxy.apikeys.KeyRefused when keys are required and the request has no valid key
     */
    public void identify(HttpHeaders headers) {
        identity.identify(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    }
}
