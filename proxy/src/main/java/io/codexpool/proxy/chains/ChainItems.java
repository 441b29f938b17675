package io.codexpool.proxy.chains;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The input and output items a chain is rebuilt from. */
final class ChainItems {
    private ChainItems() {
    }

    /** The request's own input items: a string input is one user message, as upstream reads it. */
    static ArrayNode input(ObjectNode body) {
        JsonNode input = body.get("input");
        if (input instanceof ArrayNode items) {
            return items;
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        if (input != null && input.isTextual()) {
            ObjectNode message = items.addObject().put("type", "message").put("role", "user");
            message.putArray("content").addObject().put("type", "input_text").put("text", input.asText());
        }
        return items;
    }

    /**
     * An output item as it can go back up as input: without its {@code id}, which with {@code store: false} names an
     * item upstream never kept ("Items are not persisted when store is set to false"). Reasoning items keep their
     * encrypted content, so the model's reasoning carries over.
     */
    static JsonNode asInput(JsonNode outputItem) {
        if (!(outputItem instanceof ObjectNode object) || !object.has("id")) {
            return outputItem;
        }
        ObjectNode copy = object.deepCopy();
        copy.remove("id");
        return copy;
    }

    /** What an item costs in memory, about: its JSON length (characters held once as text nodes). */
    static long bytes(JsonNode item) {
        return Json.write(item).length();
    }
}
