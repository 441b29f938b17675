package io.codexpool.proxy.api;

import java.time.Instant;

import io.codexpool.proxy.apikeys.KeyRefused;
import io.codexpool.proxy.pipeline.TurnErrors;
import io.codexpool.proxy.replies.HttpReplies;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The answer to a refused key on the routes that send no turn (model lists, a refused WebSocket handshake). */
@Provider
public class KeyRefusedMapper implements ExceptionMapper<KeyRefused> {
    @Override
    public Response toResponse(KeyRefused refused) {
        return HttpReplies.response(TurnErrors.refusal(refused, Instant.now()));
    }
}
