package io.codexpool.proxy.api;

import java.io.InputStream;

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
        super(turns, models, PostRoute.V1_RESPONSES, PostRoute.V1_COMPACT);
        this.turns = turns;
    }

    /** Reached only for what {@link PostTurnService} passes on, as the other POSTs here. */
    @POST
    @Path("/chat/completions")
    public Response chatCompletions(@Context HttpHeaders headers, InputStream body) {
        return turns.run(PostRoute.CHAT_COMPLETIONS, headers, body);
    }

    @Override
    Response modelList(ModelsService models) {
        return models.openAiModels();
    }
}
