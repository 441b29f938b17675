package io.codexpool.proxy.pipeline;

import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client route a turn came in on: the path it is logged under, how its body is normalised for the Codex backend,
 * whether it is a compact call (its own upstream path, two accounts at most, JSON instead of events), and whether its
 * turns may continue a conversation chain ({@code previous_response_id}).
 */
public record Route(String path, UnaryOperator<ObjectNode> normalizer, boolean compact, boolean chains) {
    /** Whether the route is one of the Codex CLI's own ({@code /backend-api/codex/...}) rather than {@code /v1}. */
    public boolean backend() {
        return path.startsWith("/backend-api/");
    }

    String upstreamPath() {
        return compact ? "/codex/responses/compact" : "/codex/responses";
    }
}
