package io.codexpool.proxy.api;

import java.io.InputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The routes both client families have below their base path: Responses, compact, the model list, and the GET of a
 * WebSocket handshake whose API key was refused. The POSTs are served by {@link PostTurnService} ahead of JAX-RS; the
 * resource methods here answer what it passes on (headers only Jersey reads, such as a malformed {@code Accept}, which
 * Jersey refuses with 400) and keep JAX-RS's 405 with {@code Allow} for other methods.
 */
public abstract class ResponsesRoutes {
    private final HttpTurns turns;
    private final ModelsService models;
    private final PostRoute responses;
    private final PostRoute compact;

    ResponsesRoutes(HttpTurns turns, ModelsService models, PostRoute responses, PostRoute compact) {
        this.turns = turns;
        this.models = models;
        this.responses = responses;
        this.compact = compact;
    }

    /** The family's model list. */
    abstract Response modelList(ModelsService models);

    @POST
    @Path("/responses")
    public Response responses(@Context HttpHeaders headers, InputStream body) {
        return turns.run(responses, headers, body);
    }

    @POST
    @Path("/responses/compact")
    public Response compact(@Context HttpHeaders headers, InputStream body) {
        return turns.run(compact, headers, body);
    }

    /** A WebSocket handshake whose API key was refused reaches here as a plain GET, and gets the refusal. */
    @GET
    @Path("/responses")
    public Response handshakeWithoutUpgrade(@Context HttpHeaders headers) {
        turns.identify(headers);
        return models.notAnUpgrade();
    }

    @GET
    @Path("/models")
    public Response models(@Context HttpHeaders headers) {
        turns.identify(headers);
        return modelList(models);
    }
}
