package io.codexpool.proxy.replies;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.codexpool.proxy.upstream.EventSink;
import io.codexpool.proxy.upstream.SseEvent;

/**
 * Writes events to the client exactly as received, flushing each (the relay's stream may hold a flush until it next
 * waits for upstream); old event names get their current ones.
 */
public final class RawSseSink implements EventSink {
    private static final Map<String, String> ALIASES = Map.of(
            "response.text.delta", "response.output_text.delta",
            "response.text.done", "response.output_text.done");

    private final OutputStream out;

    public RawSseSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void accept(SseEvent event) throws IOException {
        String current = event.type() == null ? null : ALIASES.get(event.type());
        if (current == null) {
            event.writeTo(out);
        } else {
            String renamed = new String(event.raw(), StandardCharsets.UTF_8)
                    .replace("event: " + event.type(), "event: " + current)
                    .replace("\"type\":\"" + event.type() + "\"", "\"type\":\"" + current + "\"");
            out.write(renamed.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }
}
