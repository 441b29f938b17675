package io.codexpool.proxy.requests;

import java.io.IOException;
import java.io.InputStream;

import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads a JSON request body within the size limit. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static ObjectNode read(InputStream in, long contentLength, long maxBytes) {
        if (contentLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new InvalidRequest("request body could not be read: " + e.getMessage(), null);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new InvalidRequest("request body could not be read: " + e.getMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequest("request body must be a JSON object", null);
        }
        return (ObjectNode) node;
    }

    private static InvalidRequest tooLarge(long maxBytes) {
        return new InvalidRequest(413, "request body is larger than " + maxBytes + " bytes", null,
                "request_too_large");
    }
}
