package io.codexpool.proxy.apikeys;

import java.time.Instant;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The HTTP answer to a refused key, on every route that checks one. */
@Provider
public class KeyRefusedMapper implements ExceptionMapper<KeyRefused> {
    @Override
    public Response toResponse(KeyRefused refused) {
        return reply(refused);
    }

    /** {@code {"error":{...}}} with the refusal's status, and {@code Retry-After} for the concurrency cap. */
    public static Response reply(KeyRefused refused) {
        ObjectNode body = Json.object();
        body.set("error", refused.error(Instant.now()));
        Response.ResponseBuilder response = Response.status(refused.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.bytes(body));
        if (refused.retryAfterSeconds() != null) {
            response.header("Retry-After", refused.retryAfterSeconds());
        }
        if (refused.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }
}
