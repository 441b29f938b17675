package io.codexpool.proxy.replies;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.errors.UpstreamFailure;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns what went wrong into the OpenAI-shaped reply a client expects. */
public final class ProxyErrors {
    /** How much of a non-JSON upstream error body is quoted in the wrapped message. */
    private static final int MAX_RELAYED_TEXT = 500;
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

    /**
     * Upstream's error as it came when it is a JSON error object (clients act on its own fields); anything else (an
     * HTML page from a proxy in between, plain text, JSON of another shape) is wrapped in the OpenAI shape, never
     * passed on labelled as JSON.
     */
    public static Response upstream(UpstreamFailure e) {
        JsonNode json = Json.parseOrNull(new String(e.body(), StandardCharsets.UTF_8));
        if (json != null && json.get("error") instanceof ObjectNode) {
            return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
        }
        String text = new String(e.body(), StandardCharsets.UTF_8).strip();
        String message = "upstream answered " + e.status() + (text.isEmpty() ? "" : ": "
                + (text.length() > MAX_RELAYED_TEXT ? text.substring(0, MAX_RELAYED_TEXT) + "…" : text));
        return json(e.status(), ErrorBodies.error(message, typeFor(e.status()), e.code(), null));
    }

    private static String typeFor(int status) {
        return status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
    }

    public static Response internal(String requestId) {
        return json(500, ErrorBodies.error("internal error (request " + requestId + ")", "server_error",
                "internal_error", null));
    }

    public static Response json(int status, ObjectNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.bytes(body)).build();
    }
}
