package io.codexpool.proxy.errors;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenAI-shaped error bodies: {@code {"error":{"message","type","code","param"}}}. */
public final class ErrorBodies {
    private ErrorBodies() {
    }

    public static ObjectNode error(String message, String type, String code, String param) {
        ObjectNode error = Json.object();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        error.put("param", param);
        ObjectNode body = Json.object();
        body.set("error", error);
        return body;
    }
}
