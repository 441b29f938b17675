package io.codexpool.proxy.api;

import java.io.InputStream;
import java.util.function.Function;

import io.codexpool.proxy.pipeline.Route;
import io.codexpool.proxy.replies.HttpReplies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The routes both client families have below their base path: Responses, compact, the model list, and the GET of a
 * WebSocket handshake whose API key was refused.
 */
public abstract class ResponsesRoutes {
    private final HttpTurns turns;
    private final ModelsService models;
    private final Route responses;
    private final Route compact;
    private final Function<ObjectNode, HttpReplies.Format> responsesFormat;

    ResponsesRoutes(HttpTurns turns, ModelsService models, Route responses, Route compact,
                    Function<ObjectNode, HttpReplies.Format> responsesFormat) {
        this.turns = turns;
        this.models = models;
        this.responses = responses;
        this.compact = compact;
        this.responsesFormat = responsesFormat;
    }

    /** The family's model list. */
    abstract Response modelList(ModelsService models);

    @POST
    @Path("/responses")
    public Response responses(@Context HttpHeaders headers, InputStream body) {
        return turns.run(responses, headers, body, responsesFormat);
    }

    @POST
    @Path("/responses/compact")
    public Response compact(@Context HttpHeaders headers, InputStream body) {
        return turns.run(compact, headers, body, client -> HttpReplies.Format.COMPACT);
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
