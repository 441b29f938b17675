package io.codexpool.proxy.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** The Codex CLI's own routes: {@code base_url = .../backend-api/codex}; Responses are always answered as SSE. */
@ApplicationScoped
@Path("/backend-api/codex")
public class CodexResponsesResource extends ResponsesRoutes {
    @Inject
    public CodexResponsesResource(HttpTurns turns, ModelsService models) {
        super(turns, models, PostRoute.BACKEND_RESPONSES, PostRoute.BACKEND_COMPACT);
    }

    @Override
    Response modelList(ModelsService models) {
        return models.codexModels();
    }
}
