package io.codexpool.proxy.replies;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of a proxy route before a server writes it, so that the JAX-RS resources and the Helidon route write the
 * same status, headers and body: a JSON document, a relay that streams into the body, or nothing.
 *
 * @param headers     in the order they are sent; {@code Content-Type} is {@code contentType}
 * @param contentType null when there is no body
 * @param json        the body when it is one document, else null
 * @param stream      the body when it streams (the relay ends the turn), else null
 */
public record HttpAnswer(int status, Map<String, String> headers, String contentType, byte[] json, Body stream) {
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";

    /** Writes a streamed body; the server has sent the status and headers when it is called. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    static HttpAnswer json(int status, byte[] json) {
        return new HttpAnswer(status, new LinkedHashMap<>(), JSON, json, null);
    }

    static HttpAnswer empty(int status) {
        return new HttpAnswer(status, new LinkedHashMap<>(), null, null, null);
    }

    static HttpAnswer streamed(Body stream) {
        HttpAnswer answer = new HttpAnswer(200, new LinkedHashMap<>(), EVENT_STREAM, null, stream);
        answer.headers.put("Cache-Control", "no-cache");
        return answer;
    }
}
