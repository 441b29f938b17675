package io.codexpool.proxy.upstream;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One server-sent event exactly as received ({@link #raw()}, ending with its blank line), with its type read from the
 * {@code event:} line or, failing that, from the data's {@code type}.
 */
public final class SseEvent {
    private final byte[] raw;
    private final String eventLine;
    private String data;
    private JsonNode json;

    SseEvent(byte[] raw, String eventLine) {
        this.raw = raw;
        this.eventLine = eventLine;
    }

    /** An event made here, such as a synthesized failure. */
    public static SseEvent of(String type, String jsonData) {
        String text = "event: " + type + "\ndata: " + jsonData + "\n\n";
        return new SseEvent(text.getBytes(StandardCharsets.UTF_8), type);
    }

    public byte[] raw() {
        return raw;
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
            for (String line : new String(raw, StandardCharsets.UTF_8).split("\r?\n")) {
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

    public boolean terminal() {
        String type = type();
        return "response.completed".equals(type) || "response.failed".equals(type)
                || "response.incomplete".equals(type);
    }
}
