package io.codexpool.proxy.upstream;

import java.time.Instant;

import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An upstream failure event ({@code error}, or a {@code response.failed}) read once for failover, for the request log
 * and for a client that has seen nothing of the stream yet: the error classified, the HTTP status it stands for and
 * the upstream error object with all its fields ({@code resets_at}, {@code plan_type}, {@code param}...), since
 * clients act on them.
 */
public record FailureEvent(UpstreamError error, int status, JsonNode errorObject) {
    /** This event's failure, or null when it is not one. */
    public static FailureEvent of(SseEvent event, Instant now) {
        String type = event.type();
        if (!"error".equals(type) && !"response.failed".equals(type)) {
            return null; // every stream's first event passes here: its data (often the whole request) stays unparsed
        }
        JsonNode json = event.json();
        if ("error".equals(type)) {
            JsonNode error = json == null ? null : json.get("error") instanceof ObjectNode nested ? nested
                    : topLevel(json);
            // a WebSocket error frame states its status; an SSE error event does not, and then its code decides
            int stated = json != null && json.path("status").asInt(0) >= 400 ? json.get("status").asInt() : 0;
            UpstreamError classified = UpstreamError.of(stated, error, now);
            return new FailureEvent(classified, stated != 0 ? stated : statusOf(classified.kind()), error);
        }
        JsonNode error = json == null ? null : json.path("response").get("error");
        UpstreamError classified = UpstreamError.of(0, error, now);
        return new FailureEvent(classified, statusOf(classified.kind()), error);
    }

    /** What a client that has seen nothing yet gets: the upstream error object as it came. */
    public byte[] body() {
        if (errorObject instanceof ObjectNode object) {
            ObjectNode body = Json.object();
            body.set("error", object);
            return Json.bytes(body);
        }
        return Json.bytes(ErrorBodies.error(error.message() == null ? "upstream error" : error.message(),
                error.kind() == UpstreamError.Kind.CLIENT ? "invalid_request_error" : "server_error", error.code(),
                null));
    }

    /** The error event's own fields (the Responses API streams them at the top level), without the event's. */
    private static JsonNode topLevel(JsonNode json) {
        if (!(json instanceof ObjectNode object)) {
            return null;
        }
        ObjectNode error = object.deepCopy();
        error.remove("type"); // the event's type, not the error's
        error.remove("sequence_number");
        error.remove("status");
        return error;
    }

    /** The status an error that states none stands for. */
    private static int statusOf(UpstreamError.Kind kind) {
        return switch (kind) {
            case RATE_LIMIT, QUOTA -> 429;
            case AUTH -> 401;
            case CLIENT -> 400;
            case TRANSIENT, PERMANENT -> 502;
        };
    }
}
