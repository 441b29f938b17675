package io.codexpool.proxy.chains;

import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request continues a response this replica cannot continue: never relayed here, expired, or its items no longer
 * held when the turn had to move. Over HTTP the client gets what the backend answers, 400
 * {@code previous_response_not_found}.
 */
public final class ChainNotFound extends InvalidRequest {
    /**
     * The code Codex CLIs treat as "this socket's state is gone": they drop the socket, retry on a new one and, a new
     * socket holding no earlier response, send the whole conversation without {@code previous_response_id}
     * (codex-rs {@code responses_websocket.rs} maps it to a retryable error).
     */
    static final String SOCKET_STATE_GONE = "websocket_connection_limit_reached";
    static final String NOT_REPLAYABLE = "cannot be replayed here (its chain outgrew the memory bound)";

    ChainNotFound(String responseId) {
        this(responseId, "not found");
    }

    ChainNotFound(String responseId, String why) {
        super(400, "Previous response with id '" + responseId + "' " + why + ".", "previous_response_id",
                "previous_response_not_found");
    }

    /**
     * The error object of a client WebSocket's {@code error} frame: the code a Codex CLI recovers from by sending the
     * whole conversation on a new socket, with this message saying what happened.
     */
    public ObjectNode webSocketError() {
        ObjectNode error = Json.object().put("type", "invalid_request_error").put("code", SOCKET_STATE_GONE)
                .put("message", getMessage() + " Create a new websocket connection and send the whole conversation"
                        + " to continue.");
        error.put("param", param());
        return error;
    }
}
