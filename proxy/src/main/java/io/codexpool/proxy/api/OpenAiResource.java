package io.codexpool.proxy.api;

import java.io.InputStream;

import io.codexpool.proxy.replies.HttpReplies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * OpenAI-compatible routes for SDKs: {@code base_url = .../v1}. A body's {@code stream} flag chooses between events
 * and one object.
 */
@ApplicationScoped
@Path("/v1")
public class OpenAiResource extends ResponsesRoutes {
    private final HttpTurns turns;

    @Inject
    public OpenAiResource(HttpTurns turns, ModelsService models) {
        super(turns, models, ClientRoutes.V1_RESPONSES, ClientRoutes.V1_COMPACT,
                client -> streamed(client) ? HttpReplies.Format.SSE : HttpReplies.Format.RESPONSE_OBJECT);
        this.turns = turns;
    }

    @POST
    @Path("/chat/completions")
    public Response chatCompletions(@Context HttpHeaders headers, InputStream body) {
        return turns.run(ClientRoutes.CHAT_COMPLETIONS, headers, body,
                client -> streamed(client) ? HttpReplies.Format.CHAT_STREAM : HttpReplies.Format.CHAT_OBJECT);
    }

    @Override
    Response modelList(ModelsService models) {
        return models.openAiModels();
    }

    private static boolean streamed(ObjectNode client) {
        return client.path("stream").asBoolean(false);
    }
}
