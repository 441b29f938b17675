package io.codexpool.proxy.replies;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.FailureEvent;
import io.codexpool.proxy.upstream.EventSink;
import io.codexpool.proxy.upstream.SseEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns Responses events into Chat Completions: {@code chat.completion.chunk} SSE ending in {@code [DONE]} when
 * {@code out} is given, else one {@code chat.completion} built at the end.
 */
public final class ChatChunkSink implements EventSink {
    private final OutputStream out;
    private final String model;
    private final boolean includeUsage;
    private final long created = Instant.now().getEpochSecond();
    private String id = "chatcmpl-proxy";
    private boolean roleSent;
    private int toolCalls;
    private final StringBuilder text = new StringBuilder();
    private final ArrayNode calls = Json.MAPPER.createArrayNode();
    private JsonNode usage;
    private JsonNode error;
    private String finishReason;
    private SseEvent errorEvent;

    public ChatChunkSink(OutputStream out, String model, boolean includeUsage) {
        this.out = out;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    @Override
    public void accept(SseEvent event) throws IOException {
        JsonNode data = event.json();
        String type = event.type();
        if (data == null || type == null) {
            return;
        }
        switch (type) {
            case "response.created" -> id = "chatcmpl-" + data.path("response").path("id").asText("proxy");
            case "response.output_text.delta", "response.text.delta" -> {
                String delta = data.path("delta").asText();
                text.append(delta);
                chunk(Json.object().put("content", delta), null);
            }
            case "response.output_item.added" -> {
                JsonNode item = data.path("item");
                if ("function_call".equals(item.path("type").asText())) {
                    startCall(item.path("call_id").asText(), item.path("name").asText());
                }
            }
            case "response.function_call_arguments.delta" -> {
                String arguments = data.path("delta").asText();
                if (calls.isEmpty()) {
                    // arguments before their item (upstream out of order): the call starts here, under its item id
                    startCall(data.path("item_id").asText("call_unknown"), "");
                }
                ObjectNode last = (ObjectNode) calls.get(calls.size() - 1);
                ObjectNode function = (ObjectNode) last.get("function");
                function.put("arguments", function.path("arguments").asText() + arguments);
                ObjectNode call = Json.object().put("index", toolCalls - 1);
                call.putObject("function").put("arguments", arguments);
                ObjectNode delta = Json.object();
                delta.putArray("tool_calls").add(call);
                chunk(delta, null);
            }
            case "response.completed", "response.incomplete" -> {
                usage = data.path("response").get("usage");
                finishReason = finishReason(type, data.path("response"));
                chunk(Json.object(), finishReason);
                if (includeUsage && usage != null && out != null) {
                    ObjectNode chunk = base();
                    chunk.putArray("choices");
                    chunk.set("usage", chatUsage());
                    write(chunk);
                }
                done();
            }
            case "response.failed", "error" -> {
                errorEvent = "error".equals(type) ? event : null;
                // an error event may carry its fields nested or, as the Responses API streams them, at the top level
                error = errorEvent != null ? FailureEvent.of(event, Instant.now()).errorObject()
                        : data.path("response").path("error");
                if (out != null) {
                    ObjectNode body = ErrorBodies.error(error.path("message").asText("upstream error"),
                            "server_error", error.path("code").asText(null), null);
                    write(body);
                    done();
                }
            }
            default -> {
            }
        }
    }

    private void startCall(String callId, String name) throws IOException {
        ObjectNode call = Json.object().put("index", toolCalls++).put("id", callId).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        calls.add(call.deepCopy());
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(call);
        chunk(delta, null);
    }

    /** The whole answer, for clients that asked for no stream. */
    public ObjectNode completion() {
        ObjectNode completion = Json.object().put("id", id).put("object", "chat.completion").put("created", created)
                .put("model", model);
        ObjectNode message = Json.object().put("role", "assistant");
        message.put("content", text.isEmpty() && toolCalls > 0 ? null : text.toString());
        if (toolCalls > 0) {
            message.set("tool_calls", calls);
        }
        ObjectNode choice = Json.object().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason != null ? finishReason : toolCalls > 0 ? "tool_calls" : "stop");
        completion.putArray("choices").add(choice);
        if (usage != null) {
            completion.set("usage", chatUsage());
        }
        return completion;
    }

    public JsonNode error() {
        return error;
    }

    private String finishReason(String terminalType, JsonNode response) {
        if (toolCalls > 0) {
            return "tool_calls";
        }
        if (!"response.incomplete".equals(terminalType)) {
            return "stop";
        }
        return "content_filter".equals(response.path("incomplete_details").path("reason").asText())
                ? "content_filter" : "length";
    }

    /** The {@code error} event that ended the stream, or null. */
    public SseEvent errorEvent() {
        return errorEvent;
    }

    private ObjectNode chatUsage() {
        long prompt = usage.path("input_tokens").asLong();
        long completionTokens = usage.path("output_tokens").asLong();
        ObjectNode chatUsage = Json.object().put("prompt_tokens", prompt).put("completion_tokens", completionTokens)
                .put("total_tokens", prompt + completionTokens);
        chatUsage.putObject("prompt_tokens_details").put("cached_tokens",
                usage.path("input_tokens_details").path("cached_tokens").asLong());
        return chatUsage;
    }

    private void chunk(ObjectNode delta, String finishReason) throws IOException {
        if (out == null) {
            return;
        }
        if (!roleSent) {
            delta.put("role", "assistant");
            roleSent = true;
        }
        ObjectNode chunk = base();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        write(chunk);
    }

    private ObjectNode base() {
        return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model);
    }

    private void write(ObjectNode chunk) throws IOException {
        out.write(("data: " + Json.write(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void done() throws IOException {
        if (out != null) {
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
