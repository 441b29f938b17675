package io.codexpool.proxy.api;

import java.util.List;
import java.util.function.Function;

import io.codexpool.proxy.pipeline.Route;
import io.codexpool.proxy.replies.HttpReplies.Format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A route clients POST turns to, and the answer format the client's body asks for on it: the same for the Helidon
 * route that serves these POSTs ({@link PostTurnService}) and the JAX-RS resources behind it.
 */
record PostRoute(Route route, Function<ObjectNode, Format> format) {
    static final PostRoute BACKEND_RESPONSES = new PostRoute(ClientRoutes.BACKEND_RESPONSES, client -> Format.SSE);
    static final PostRoute BACKEND_COMPACT = new PostRoute(ClientRoutes.BACKEND_COMPACT, client -> Format.COMPACT);
    static final PostRoute V1_RESPONSES = new PostRoute(ClientRoutes.V1_RESPONSES,
            client -> streamed(client) ? Format.SSE : Format.RESPONSE_OBJECT);
    static final PostRoute V1_COMPACT = new PostRoute(ClientRoutes.V1_COMPACT, client -> Format.COMPACT);
    static final PostRoute CHAT_COMPLETIONS = new PostRoute(ClientRoutes.CHAT_COMPLETIONS,
            client -> streamed(client) ? Format.CHAT_STREAM : Format.CHAT_OBJECT);
    static final List<PostRoute> ALL = List.of(BACKEND_RESPONSES, BACKEND_COMPACT, V1_RESPONSES, V1_COMPACT,
            CHAT_COMPLETIONS);

    /** The OpenAI routes' {@code stream} flag chooses between events and one object. */
    private static boolean streamed(ObjectNode client) {
        return client.path("stream").asBoolean(false);
    }
}
