package io.codexpool.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** JSON answers of the admin API, written with Jackson so no JAX-RS JSON provider needs to be registered. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static Response ok(Object body) {
        return of(200, body);
    }

    public static Response of(int status, Object body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(MAPPER.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** {@code {"error":{"message":...,"field":...}}}; {@code field} only when one input is at fault. */
    public static Response error(int status, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return of(status, Map.of("error", error));
    }

    public static Response error(int status, String message) {
        return error(status, message, null);
    }
}
