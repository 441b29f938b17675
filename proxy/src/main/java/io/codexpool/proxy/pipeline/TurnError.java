package io.codexpool.proxy.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a client is told when its turn fails before its answer began: the status and the OpenAI error body
 * {@code {"error":{"message","type","code","param",...}}}, the same on HTTP and inside a WebSocket {@code error}
 * frame.
 *
 * @param body              null when nobody is left to read it (the client went away)
 * @param retryAfterSeconds for a {@code Retry-After} header, or null
 * @param bearerChallenge   the key was missing or invalid: HTTP answers {@code WWW-Authenticate: Bearer}
 */
public record TurnError(int status, ObjectNode body, Long retryAfterSeconds, boolean bearerChallenge) {
    public TurnError(int status, ObjectNode body) {
        this(status, body, null, false);
    }

    /** The inner {@code error} object, as a WebSocket {@code error} frame carries it. */
    public ObjectNode error() {
        return body == null ? null : (ObjectNode) body.get("error");
    }
}
