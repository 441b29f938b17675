package io.codexpool.proxy.api.websocket;

import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The route a WebSocket turn is logged under and how its body is normalised, as for the POST route. */
record TurnRoute(String path, UnaryOperator<ObjectNode> normalizer) {
}
