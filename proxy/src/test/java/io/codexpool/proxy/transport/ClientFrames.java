package io.codexpool.proxy.transport;

import java.net.URI;

import jakarta.ws.rs.client.WebTarget;

/** What the client WebSocket tests send, and where. */
final class ClientFrames {
    private static final String TURN = "{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":[{\"type\":"
            + "\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"%s\"}]}]}";

    private ClientFrames() {
    }

    /** A {@code response.create} frame with one user message. */
    static String turn(String text) {
        return TURN.formatted(text);
    }

    /** The service's WebSocket address for a path. */
    static URI ws(WebTarget target, String path) {
        return URI.create(target.path(path).getUri().toString().replaceFirst("^http", "ws"));
    }
}
