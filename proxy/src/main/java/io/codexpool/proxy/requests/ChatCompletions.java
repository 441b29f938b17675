package io.codexpool.proxy.requests;

import java.util.Set;

import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Translates a Chat Completions request into a streamed Responses request. */
public final class ChatCompletions {
    private static final Set<String> ALLOWED_TOOLS = Set.of("function", "web_search");

    private ChatCompletions() {
    }

    public static ObjectNode toResponses(ObjectNode chat) {
        if (!chat.path("model").isTextual()) {
            throw new InvalidRequest("'model' is required and must be a string", "model");
        }
        if (!chat.path("messages").isArray() || chat.get("messages").isEmpty()) {
            throw new InvalidRequest("'messages' must be a non-empty array", "messages");
        }
        if (chat.has("n") && chat.get("n").asInt(1) != 1) {
            throw new InvalidRequest("only n=1 is supported", "n");
        }
        ObjectNode body = Json.object().put("model", chat.get("model").asText());
        StringBuilder instructions = new StringBuilder();
        ArrayNode input = body.putArray("input");
        for (JsonNode message : chat.get("messages")) {
            addMessage(message, input, instructions);
        }
        if (!instructions.isEmpty()) {
            body.put("instructions", instructions.toString());
        }
        if (chat.has("tools") && !chat.get("tools").isNull()) {
            body.set("tools", tools(chat.get("tools")));
        }
        JsonNode toolChoice = chat.get("tool_choice");
        if (toolChoice != null && !toolChoice.isNull()) {
            body.set("tool_choice", toolChoice.isObject() && toolChoice.has("function")
                    ? Json.object().put("type", "function").put("name", toolChoice.path("function").path("name")
                    .asText()) : toolChoice);
        }
        if (chat.has("parallel_tool_calls")) {
            body.set("parallel_tool_calls", chat.get("parallel_tool_calls"));
        }
        if (chat.hasNonNull("reasoning_effort")) {
            body.putObject("reasoning").put("effort", chat.get("reasoning_effort").asText());
        }
        if (chat.get("response_format") instanceof ObjectNode format) {
            body.putObject("text").set("format", textFormat(format));
        }
        if (chat.hasNonNull("service_tier")) {
            body.put("service_tier", "fast".equals(chat.get("service_tier").asText()) ? "priority"
                    : chat.get("service_tier").asText());
        }
        if (chat.hasNonNull("prompt_cache_key")) {
            body.set("prompt_cache_key", chat.get("prompt_cache_key"));
        }
        body.put("store", false);
        body.put("stream", true);
        return body;
    }

    private static void addMessage(JsonNode message, ArrayNode input, StringBuilder instructions) {
        String role = message.path("role").asText("");
        JsonNode content = message.path("content");
        switch (role) {
            case "system", "developer" -> {
                if (!instructions.isEmpty()) {
                    instructions.append("\n\n");
                }
                instructions.append(ResponsesNormalizer.textOf(content));
            }
            case "user" -> input.add(message("user", parts(content, "input_text")));
            case "assistant" -> {
                if (!content.isMissingNode() && !content.isNull()) {
                    input.add(message("assistant", parts(content, "output_text")));
                }
                for (JsonNode call : message.path("tool_calls")) {
                    input.add(Json.object().put("type", "function_call").put("call_id", call.path("id").asText())
                            .put("name", call.path("function").path("name").asText())
                            .put("arguments", call.path("function").path("arguments").asText("{}")));
                }
            }
            case "tool" -> input.add(Json.object().put("type", "function_call_output")
                    .put("call_id", message.path("tool_call_id").asText())
                    .put("output", ResponsesNormalizer.textOf(content)));
            default -> throw new InvalidRequest("unsupported message role '" + role + "'", "messages");
        }
    }

    private static ObjectNode message(String role, ArrayNode content) {
        ObjectNode item = Json.object().put("type", "message").put("role", role);
        item.set("content", content);
        return item;
    }

    private static ArrayNode parts(JsonNode content, String textType) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        if (content.isTextual()) {
            parts.add(Json.object().put("type", textType).put("text", content.asText()));
            return parts;
        }
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            if ("text".equals(type)) {
                parts.add(Json.object().put("type", textType).put("text", part.path("text").asText()));
            } else if ("image_url".equals(type)) {
                parts.add(Json.object().put("type", "input_image")
                        .put("image_url", part.path("image_url").path("url").asText()));
            } else {
                throw new InvalidRequest("unsupported content part type '" + type + "'", "messages");
            }
        }
        return parts;
    }

    private static ArrayNode tools(JsonNode tools) {
        if (!tools.isArray()) {
            throw new InvalidRequest("'tools' must be an array", "tools");
        }
        ArrayNode translated = Json.MAPPER.createArrayNode();
        for (JsonNode tool : tools) {
            String type = tool.path("type").asText();
            if (!ALLOWED_TOOLS.contains(type)) {
                throw new InvalidRequest("tool type '" + type + "' is not supported on chat completions; use "
                        + "function tools or web_search, or the Responses API for built-in tools", "tools");
            }
            if ("function".equals(type)) {
                JsonNode function = tool.path("function");
                ObjectNode out = Json.object().put("type", "function").put("name", function.path("name").asText());
                if (function.has("description")) {
                    out.set("description", function.get("description"));
                }
                if (function.has("parameters")) {
                    out.set("parameters", function.get("parameters"));
                }
                if (function.has("strict")) {
                    out.set("strict", function.get("strict"));
                }
                translated.add(out);
            } else {
                translated.add(Json.object().put("type", "web_search"));
            }
        }
        return translated;
    }

    private static ObjectNode textFormat(ObjectNode format) {
        String type = format.path("type").asText();
        if ("json_schema".equals(type)) {
            JsonNode schema = format.path("json_schema");
            ObjectNode out = Json.object().put("type", "json_schema").put("name", schema.path("name").asText("out"));
            out.set("schema", schema.get("schema"));
            if (schema.has("strict")) {
                out.set("strict", schema.get("strict"));
            }
            return out;
        }
        return Json.object().put("type", type.isEmpty() ? "text" : type);
    }
}
