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
 * @param socketError       the one error whose object differs on a WebSocket (a chain this replica cannot continue:
 *                          the code Codex CLIs recover from on a new socket), else null
 */
public record TurnError(int status, ObjectNode body, Long retryAfterSeconds, boolean bearerChallenge,
                        ObjectNode socketError) {
    public TurnError(int status, ObjectNode body) {
        this(status, body, null, false, null);
    }

    /** The error object a WebSocket {@code error} frame carries. */
    public ObjectNode frameError() {
        return socketError != null ? socketError : body == null ? null : (ObjectNode) body.get("error");
    }
}
