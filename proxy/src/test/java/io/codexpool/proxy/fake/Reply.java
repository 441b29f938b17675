package io.codexpool.proxy.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scripted answer of the fake ChatGPT backend to a {@code /codex/responses} (or compact) request.
 * Immutable: the modifiers return a changed copy.
 */
public final class Reply {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Terminal event types of a Responses stream. */
    static final List<String> TERMINAL = List.of("response.completed", "response.failed", "response.incomplete");

    enum Kind { TEXT, EVENTS, STATUS, FAILED_FIRST, RAW_SSE, FUNCTION_CALL }

    final Kind kind;
    final String text;              // TEXT
    final List<String> events;      // EVENTS
    final int status;               // STATUS
    final String body;              // STATUS
    final String failureCode;       // FAILED_FIRST
    final Duration delay;
    final int cutAfter;             // -1 = none
    final int stallAfter;           // -1 = none
    final int largeEventBytes;      // 0 = none

    private Reply(Kind kind, String text, List<String> events, int status, String body, String failureCode,
                  Duration delay, int cutAfter, int stallAfter, int largeEventBytes) {
        this.kind = kind;
        this.text = text;
        this.events = events;
        this.status = status;
        this.body = body;
        this.failureCode = failureCode;
        this.delay = delay;
        this.cutAfter = cutAfter;
        this.stallAfter = stallAfter;
        this.largeEventBytes = largeEventBytes;
    }

    private static Reply of(Kind kind, String text, List<String> events, int status, String body, String code) {
        return new Reply(kind, text, events, status, body, code, Duration.ZERO, -1, -1, 0);
    }

    /** A normal streamed text answer (created, in_progress, item/part added, deltas of ~4 chars, done events, completed). */
    public static Reply text(String text) {
        return of(Kind.TEXT, Objects.requireNonNull(text), List.of(), 200, null, null);
    }

    /**
     * A turn that ends in a tool call, as a reasoning model answers: a reasoning item with encrypted content, then a
     * {@code function_call} of this name with these arguments (call id {@code call_<response number>}).
     */
    public static Reply functionCall(String name, String arguments) {
        return of(Kind.FUNCTION_CALL, Objects.requireNonNull(name), List.of(Objects.requireNonNull(arguments)), 200,
                null, null);
    }

    /** Exactly these events (each a JSON object with a {@code type}), streamed with status 200. */
    public static Reply events(String... jsonEvents) {
        for (String e : jsonEvents) {
            JsonNode n = parse(e);
            if (n == null || !n.path("type").isTextual()) {
                throw new IllegalArgumentException("event is not a JSON object with a type: " + e);
            }
        }
        return of(Kind.EVENTS, null, List.of(jsonEvents), 200, null, null);
    }

    /**
     * A 200 {@code text/event-stream} whose body is exactly these characters, sent as they are and then ended: for
     * streams that break the protocol (garbage lines, lines without {@code data:}, cuts, comments). HTTP only.
     */
    public static Reply rawSse(String wire) {
        return of(Kind.RAW_SSE, null, List.of(), 200, Objects.requireNonNull(wire), null);
    }

    /** A plain HTTP reply with this status and JSON body (over WebSocket: an {@code error} frame). */
    public static Reply status(int status, String jsonBody) {
        return of(Kind.STATUS, null, List.of(), status, jsonBody == null ? "" : jsonBody, null);
    }

    /** 429 {@code usage_limit_reached} with {@code resets_at} / {@code resets_in_seconds}. */
    public static Reply usageLimitReached(Instant resetsAt) {
        long epoch = resetsAt.getEpochSecond();
        long in = Math.max(0, epoch - Instant.now().getEpochSecond());
        return status(429, "{\"error\":{\"type\":\"usage_limit_reached\",\"code\":\"usage_limit_reached\","
                + "\"message\":\"The usage limit has been reached\",\"plan_type\":\"plus\",\"resets_at\":" + epoch
                + ",\"resets_in_seconds\":" + in + "}}");
    }

    /** A 200 stream whose first (and only) event is {@code response.failed} with this error code. */
    public static Reply failedInFirstEvent(String code) {
        return of(Kind.FAILED_FIRST, null, List.of(), 200, null, Objects.requireNonNull(code));
    }

    /** 500 {@code server_error}. */
    public static Reply serverError() {
        return status(500, "{\"error\":{\"message\":\"internal error\",\"type\":\"server_error\",\"code\":\"server_error\"}}");
    }

    /** Wait this long before each event after the first. */
    public Reply delayBetweenEvents(Duration d) {
        return new Reply(kind, text, events, status, body, failureCode, Objects.requireNonNull(d), cutAfter, stallAfter,
                largeEventBytes);
    }

    /**
     * Send that many events, then end the response normally (HTTP) / close the socket with 1011 (WebSocket), without a
     * terminal event. Over WebSocket the leading {@code codex.rate_limits} event is not counted.
     */
    public Reply cutAfter(int events) {
        return new Reply(kind, text, this.events, status, body, failureCode, delay, events, stallAfter, largeEventBytes);
    }

    /**
     * Send that many events, then nothing more while keeping the connection open until {@link FakeChatGptBackend#reset()}
     * or {@link FakeChatGptBackend#close()} (WebSocket: or until the client closes). Over HTTP {@code stallAfter(0)}
     * hangs before the status line and headers (they go out with the first event); over WebSocket the leading
     * {@code codex.rate_limits} event is still sent and not counted.
     */
    public Reply stallAfter(int events) {
        return new Reply(kind, text, this.events, status, body, failureCode, delay, cutAfter, events, largeEventBytes);
    }

    /** Insert, before the terminal event, one {@code response.image_generation_call.partial_image} event of about this many bytes. */
    public Reply withLargeEvent(int bytes) {
        return new Reply(kind, text, events, status, body, failureCode, delay, cutAfter, stallAfter, bytes);
    }

    boolean isStatus() {
        return kind == Kind.STATUS;
    }

    boolean isRawSse() {
        return kind == Kind.RAW_SSE;
    }

    /** The {@code error} object of a status reply's body (or a generic one). */
    ObjectNode errorObject() {
        JsonNode n = parse(body);
        if (n != null && n.path("error").isObject()) {
            return (ObjectNode) n.get("error").deepCopy();
        }
        ObjectNode e = JSON.createObjectNode();
        e.put("message", body == null ? "" : body);
        e.put("type", "error");
        e.put("code", "http_" + status);
        return e;
    }

    /** Renders the events of a streamed reply (status replies have none), with modifiers applied except cut/stall. */
    List<String> render(String model, String responseId, String itemId) {
        List<String> out = new ArrayList<>();
        switch (kind) {
            case TEXT -> out.addAll(textEvents(model, responseId, itemId, text));
            case FUNCTION_CALL -> out.addAll(functionCallEvents(model, responseId, itemId, text, events.getFirst()));
            case EVENTS -> out.addAll(events);
            case FAILED_FIRST -> out.add(failedEvent(model, responseId, failureCode));
            case STATUS, RAW_SSE -> {
                return out;
            }
        }
        if (largeEventBytes > 0) {
            int at = out.size();
            if (at > 0 && TERMINAL.contains(typeOf(out.get(at - 1)))) {
                at--;
            }
            out.add(at, largeEvent(itemId, largeEventBytes));
        }
        return out;
    }

    static String typeOf(String event) {
        JsonNode n = parse(event);
        return n == null ? "" : n.path("type").asText("");
    }

    static JsonNode parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deterministic base64 text carried by a large event whose {@code partial_image_b64} has this length. */
    static String largePayload(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char[] c = new char[Math.max(0, length)];
        for (int i = 0; i < c.length; i++) {
            c[i] = alphabet.charAt((i * 7 + i / 64) & 63);
        }
        return new String(c);
    }

    static String largeEvent(String itemId, int bytes) {
        String prefix = "{\"type\":\"response.image_generation_call.partial_image\",\"item_id\":\"" + itemId.replace("msg_", "ig_")
                + "\",\"output_index\":0,\"partial_image_index\":0,\"partial_image_b64\":\"";
        String suffix = "\"}";
        return prefix + largePayload(bytes - prefix.length() - suffix.length()) + suffix;
    }

    static ObjectNode usage(int input, int cached, int output, int reasoning) {
        ObjectNode u = JSON.createObjectNode();
        u.put("input_tokens", input);
        u.putObject("input_tokens_details").put("cached_tokens", cached);
        u.put("output_tokens", output);
        u.putObject("output_tokens_details").put("reasoning_tokens", reasoning);
        u.put("total_tokens", input + output);
        return u;
    }

    static ObjectNode response(String model, String responseId, String status) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", responseId);
        r.put("object", "response");
        r.put("created_at", Instant.now().getEpochSecond());
        r.put("status", status);
        r.put("model", model);
        r.putArray("output");
        r.putNull("usage");
        return r;
    }

    private static String event(String type, int seq, ObjectNode fill) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", type);
        e.put("sequence_number", seq);
        e.setAll(fill);
        return write(e);
    }

    static List<String> textEvents(String model, String responseId, String itemId, String text) {
        List<String> out = new ArrayList<>();
        int seq = 0;
        ObjectNode f = JSON.createObjectNode();
        f.set("response", response(model, responseId, "in_progress"));
        out.add(event("response.created", seq++, f));
        out.add(event("response.in_progress", seq++, f));

        ObjectNode item = JSON.createObjectNode();
        item.put("id", itemId);
        item.put("type", "message");
        item.put("status", "in_progress");
        item.put("role", "assistant");
        item.putArray("content");
        f = JSON.createObjectNode();
        f.put("output_index", 0);
        f.set("item", item);
        out.add(event("response.output_item.added", seq++, f));

        ObjectNode emptyPart = JSON.createObjectNode();
        emptyPart.put("type", "output_text");
        emptyPart.putArray("annotations");
        emptyPart.put("text", "");
        f = JSON.createObjectNode();
        f.put("item_id", itemId);
        f.put("output_index", 0);
        f.put("content_index", 0);
        f.set("part", emptyPart);
        out.add(event("response.content_part.added", seq++, f));

        for (int i = 0; i < text.length(); i += 4) {
            f = JSON.createObjectNode();
            f.put("item_id", itemId);
            f.put("output_index", 0);
            f.put("content_index", 0);
            f.put("delta", text.substring(i, Math.min(text.length(), i + 4)));
            out.add(event("response.output_text.delta", seq++, f));
        }
        f = JSON.createObjectNode();
        f.put("item_id", itemId);
        f.put("output_index", 0);
        f.put("content_index", 0);
        f.put("text", text);
        out.add(event("response.output_text.done", seq++, f));

        ObjectNode part = JSON.createObjectNode();
        part.put("type", "output_text");
        part.putArray("annotations");
        part.put("text", text);
        f = JSON.createObjectNode();
        f.put("item_id", itemId);
        f.put("output_index", 0);
        f.put("content_index", 0);
        f.set("part", part);
        out.add(event("response.content_part.done", seq++, f));

        ObjectNode doneItem = item.deepCopy();
        doneItem.put("status", "completed");
        ((ArrayNode) doneItem.get("content")).add(part.deepCopy());
        f = JSON.createObjectNode();
        f.put("output_index", 0);
        f.set("item", doneItem);
        out.add(event("response.output_item.done", seq++, f));

        // As the ChatGPT backend does (requests go up with store:false): the items came in output_item.done events,
        // the final response carries none.
        ObjectNode done = response(model, responseId, "completed");
        done.set("usage", usage(12, 4, 5, 2));
        f = JSON.createObjectNode();
        f.set("response", done);
        out.add(event("response.completed", seq, f));
        return out;
    }

    static List<String> functionCallEvents(String model, String responseId, String itemId, String name,
                                           String arguments) {
        List<String> out = new ArrayList<>();
        int seq = 0;
        ObjectNode f = JSON.createObjectNode();
        f.set("response", response(model, responseId, "in_progress"));
        out.add(event("response.created", seq++, f));
        ObjectNode reasoning = JSON.createObjectNode();
        reasoning.put("id", itemId.replace("msg_", "rs_"));
        reasoning.put("type", "reasoning");
        reasoning.putArray("summary");
        reasoning.put("encrypted_content", "gAAAAA-fake-reasoning-" + responseId);
        f = JSON.createObjectNode();
        f.put("output_index", 0);
        f.set("item", reasoning);
        out.add(event("response.output_item.done", seq++, f));
        ObjectNode call = JSON.createObjectNode();
        call.put("id", itemId.replace("msg_", "fc_"));
        call.put("type", "function_call");
        call.put("status", "completed");
        call.put("name", name);
        call.put("arguments", arguments);
        call.put("call_id", responseId.replace("resp_", "call_"));
        f = JSON.createObjectNode();
        f.put("output_index", 1);
        f.set("item", call);
        out.add(event("response.output_item.added", seq++, f));
        f = JSON.createObjectNode();
        f.put("item_id", call.get("id").asText());
        f.put("output_index", 1);
        f.put("delta", arguments);
        out.add(event("response.function_call_arguments.delta", seq++, f));
        f = JSON.createObjectNode();
        f.put("output_index", 1);
        f.set("item", call);
        out.add(event("response.output_item.done", seq++, f));
        ObjectNode done = response(model, responseId, "completed");
        done.set("usage", usage(20, 0, 8, 4));
        f = JSON.createObjectNode();
        f.set("response", done);
        out.add(event("response.completed", seq, f));
        return out;
    }

    static String failedEvent(String model, String responseId, String code) {
        ObjectNode r = response(model, responseId, "failed");
        ObjectNode err = r.putObject("error");
        err.put("code", code);
        err.put("message", "usage_limit_reached".equals(code) ? "The usage limit has been reached"
                : "The response failed: " + code);
        ObjectNode f = JSON.createObjectNode();
        f.set("response", r);
        return event("response.failed", 0, f);
    }

    /** Codex prewarm ({@code "generate": false}): created + completed with zero usage. */
    static List<String> prewarmEvents(String model, String responseId) {
        ObjectNode f = JSON.createObjectNode();
        f.set("response", response(model, responseId, "in_progress"));
        String created = event("response.created", 0, f);
        ObjectNode done = response(model, responseId, "completed");
        done.set("usage", usage(0, 0, 0, 0));
        f = JSON.createObjectNode();
        f.set("response", done);
        return List.of(created, event("response.completed", 1, f));
    }

    @Override
    public String toString() {
        return "Reply[" + kind + (kind == Kind.STATUS ? " " + status : "") + ", cutAfter=" + cutAfter + ", stallAfter="
                + stallAfter + ", largeEventBytes=" + largeEventBytes + ", delay=" + delay + "]";
    }
}
