package io.codexpool.proxy.api;

import io.codexpool.proxy.pipeline.Route;
import io.codexpool.proxy.requests.ChatCompletions;
import io.codexpool.proxy.requests.ResponsesNormalizer;

/**
 * The proxy's turn routes, for POSTs and for the WebSocket endpoint on the same paths. Over HTTP only
 * {@code /v1/responses} continues conversation chains: Codex CLIs resend the whole history on the backend route.
 */
public final class ClientRoutes {
    public static final Route BACKEND_RESPONSES = new Route("/backend-api/codex/responses",
            ResponsesNormalizer::backend, false, false);
    public static final Route BACKEND_COMPACT = new Route("/backend-api/codex/responses/compact",
            body -> ResponsesNormalizer.compact(body, false), true, false);
    public static final Route V1_RESPONSES = new Route("/v1/responses", ResponsesNormalizer::v1, false, true);
    public static final Route V1_COMPACT = new Route("/v1/responses/compact",
            body -> ResponsesNormalizer.compact(body, true), true, false);
    public static final Route CHAT_COMPLETIONS = new Route("/v1/chat/completions", ChatCompletions::toResponses,
            false, false);

    private ClientRoutes() {
    }
}
