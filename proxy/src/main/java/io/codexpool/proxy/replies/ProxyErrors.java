package io.codexpool.proxy.replies;

import java.time.Instant;

import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.errors.UpstreamFailure;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns what went wrong into the OpenAI-shaped reply a client expects. */
public final class ProxyErrors {
    private ProxyErrors() {
    }

    public static Response invalid(InvalidRequest e) {
        return json(e.status(), ErrorBodies.error(e.getMessage(), "invalid_request_error", e.code(), e.param()));
    }

    public static Response noAccount(NoAccountAvailable e) {
        if (e.allLimited()) {
            ObjectNode body = ErrorBodies.error(e.getMessage(), "usage_limit_reached", "usage_limit_reached", null);
            Instant resetsAt = e.resetsAt();
            ((ObjectNode) body.get("error")).put("resets_at", resetsAt.getEpochSecond())
                    .put("resets_in_seconds", Math.max(0, resetsAt.getEpochSecond() - Instant.now().getEpochSecond()));
            return json(429, body);
        }
        return json(503, ErrorBodies.error(e.getMessage(), "server_error", "no_accounts", null));
    }

    public static Response upstream(UpstreamFailure e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
    }

    public static Response internal(String requestId) {
        return json(500, ErrorBodies.error("internal error (request " + requestId + ")", "server_error",
                "internal_error", null));
    }

    public static Response json(int status, ObjectNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.bytes(body)).build();
    }
}
