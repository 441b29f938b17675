package io.codexpool.proxy.api;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.codexpool.proxy.pipeline.ClientIdentity;
import io.codexpool.proxy.pipeline.Turn;
import io.codexpool.proxy.pipeline.TurnPipeline;
import io.codexpool.proxy.replies.HttpAnswer;
import io.codexpool.proxy.replies.HttpReplies;
import io.codexpool.proxy.requests.RequestBodies;
import io.codexpool.proxy.transport.UpstreamTransports;

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

    /** A POST that reached JAX-RS. */
    Response run(PostRoute route, HttpHeaders headers, InputStream body) {
        Map<String, List<String>> lowerCase = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> lowerCase.put(name.toLowerCase(Locale.ROOT), values));
        return HttpReplies.response(answer(route, lowerCase, body, headers.getLength()));
    }

    /**
     * The answer to a POST on {@code route}.
     *
     * @param headers       the client's headers, lower-case names
     * @param contentLength the body's declared length, or -1
     */
    HttpAnswer answer(PostRoute route, Map<String, List<String>> headers, InputStream body, long contentLength) {
        Turn turn = new Turn(route.route(), headers, null,
                maxBytes -> RequestBodies.read(body, contentLength, maxBytes), transports.perRequest());
        return pipeline.run(turn, replies.as(route.format()));
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
