package io.codexpool.proxy.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One server-sent event exactly as received ({@link #raw()}, ending with its blank line), with its type read from the
 * {@code event:} line or, failing that, from the data's {@code type}. Its bytes are the first {@code length} of an
 * array that may be longer, so that a large event needs no copy of its own.
 */
public final class SseEvent {
    private final byte[] bytes;
    private final int length;
    private final String eventLine;
    private String data;
    private JsonNode json;

    SseEvent(byte[] bytes, int length, String eventLine) {
        this.bytes = bytes;
        this.length = length;
        this.eventLine = eventLine;
    }

    /** An event made here, such as a synthesized failure. */
    public static SseEvent of(String type, String jsonData) {
        String text = "event: " + type + "\ndata: " + jsonData + "\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new SseEvent(bytes, bytes.length, type);
    }

    /** A reply that came as one JSON document rather than as events (compact): {@link #raw()} is the document. */
    public static SseEvent document(byte[] json) {
        SseEvent event = new SseEvent(json, json.length, null);
        event.data = new String(json, StandardCharsets.UTF_8);
        return event;
    }

    public byte[] raw() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    public String type() {
        if (eventLine != null) {
            return eventLine;
        }
        JsonNode node = json();
        return node == null ? null : node.path("type").asText(null);
    }

    /** The data lines joined by newlines, or empty when the event has none. */
    public String data() {
        if (data == null) {
            StringBuilder joined = new StringBuilder();
            for (String line : new String(bytes, 0, length, StandardCharsets.UTF_8).split("\r?\n")) {
                if (line.startsWith("data:")) {
                    if (!joined.isEmpty()) {
                        joined.append('\n');
                    }
                    joined.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
                }
            }
            data = joined.toString();
        }
        return data;
    }

    /** The data parsed as JSON, or null when it is not JSON (for example {@code [DONE]}). */
    public JsonNode json() {
        if (json == null) {
            json = Json.parseOrNull(data());
        }
        return json;
    }

    /**
     * Whether upstream sends nothing more after this event: a terminal one, or an {@code error} (which has no
     * {@code response} object, so it is not {@link #terminal()}).
     */
    public boolean endsStream() {
        return terminal() || "error".equals(type());
    }

    public boolean terminal() {
        String type = type();
        return "response.completed".equals(type) || "response.failed".equals(type)
                || "response.incomplete".equals(type);
    }
}
