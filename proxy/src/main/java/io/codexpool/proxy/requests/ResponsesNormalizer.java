package io.codexpool.proxy.requests;

import java.util.ArrayList;
import java.util.List;

import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Shapes client Responses bodies into what the Codex backend accepts. Tools, built-in ones included, pass through
 * unchanged: upstream judges them.
 */
public final class ResponsesNormalizer {
    private static final List<String> COMPACT_DROPPED = List.of("tools", "tool_choice", "parallel_tool_calls",
            "store", "stream");

    private ResponsesNormalizer() {
    }

    /** {@code /backend-api/codex/responses}: the Codex CLI's body, streamed and not stored. */
    public static ObjectNode backend(ObjectNode body) {
        checkModel(body);
        checkInput(body.get("input"));
        body.put("store", false);
        body.put("stream", true);
        return body;
    }

    /** {@code /v1/responses}: exactly one of {@code input} / {@code messages}; system messages become instructions. */
    public static ObjectNode v1(ObjectNode body) {
        checkModel(body);
        boolean hasInput = body.hasNonNull("input");
        boolean hasMessages = body.hasNonNull("messages");
        if (hasInput == hasMessages) {
            throw new InvalidRequest("exactly one of 'input' and 'messages' is required", hasInput ? "messages"
                    : "input");
        }
        if (hasMessages) {
            body.set("input", messagesToInput(body, body.remove("messages")));
        } else if (body.get("input").isTextual()) {
            body.set("input", userMessage(body.get("input").asText()));
        } else {
            checkInput(body.get("input"));
        }
        if ("fast".equals(body.path("service_tier").asText(null))) {
            body.put("service_tier", "priority");
        }
        if (body.get("tools") instanceof ArrayNode tools) {
            for (JsonNode tool : tools) {
                if (tool instanceof ObjectNode object && "web_search_preview".equals(object.path("type").asText())) {
                    object.put("type", "web_search");
                }
            }
        } else if (body.has("tools") && !body.get("tools").isNull()) {
            throw new InvalidRequest("'tools' must be an array", "tools");
        }
        body.put("store", false);
        body.put("stream", true);
        return body;
    }

    /** Compact takes no tool fields and never streams. */
    public static ObjectNode compact(ObjectNode body, boolean v1) {
        ObjectNode normalized = v1 ? v1(body) : backend(body);
        COMPACT_DROPPED.forEach(normalized::remove);
        return normalized;
    }

    private static void checkModel(ObjectNode body) {
        if (!body.path("model").isTextual() || body.get("model").asText().isBlank()) {
            throw new InvalidRequest("'model' is required and must be a string", "model");
        }
    }

    private static void checkInput(JsonNode input) {
        if (input != null && !input.isNull() && !input.isArray() && !input.isTextual()) {
            throw new InvalidRequest("'input' must be a string or an array of input items", "input");
        }
    }

    private static ArrayNode messagesToInput(ObjectNode body, JsonNode messages) {
        if (!messages.isArray()) {
            throw new InvalidRequest("'messages' must be an array", "messages");
        }
        List<String> instructions = new ArrayList<>();
        if (body.hasNonNull("instructions")) {
            instructions.add(body.get("instructions").asText());
        }
        ArrayNode input = Json.MAPPER.createArrayNode();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            if (!message.isObject() || role.isEmpty()) {
                throw new InvalidRequest("each message needs a 'role'", "messages");
            }
            if (role.equals("system") || role.equals("developer")) {
                instructions.add(message.path("content").isTextual() ? message.get("content").asText()
                        : textOf(message.path("content")));
            } else {
                ObjectNode item = Json.object().put("type", "message").put("role", role);
                item.set("content", message.get("content"));
                input.add(item);
            }
        }
        if (!instructions.isEmpty()) {
            body.put("instructions", String.join("\n\n", instructions));
        }
        return input;
    }

    static ArrayNode userMessage(String text) {
        ObjectNode part = Json.object().put("type", "input_text").put("text", text);
        ObjectNode message = Json.object().put("type", "message").put("role", "user");
        message.set("content", Json.MAPPER.createArrayNode().add(part));
        return Json.MAPPER.createArrayNode().add(message);
    }

    static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.hasNonNull("text")) {
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }
}
