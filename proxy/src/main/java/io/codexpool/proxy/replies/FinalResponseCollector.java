package io.codexpool.proxy.replies;

import java.util.SortedMap;
import java.util.TreeMap;

import io.codexpool.proxy.upstream.EventSink;
import io.codexpool.proxy.upstream.SseEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps the final Response object of a stream, for clients that asked for no stream. The ChatGPT backend ends its
 * streams with an empty {@code output} (requests go up with {@code store:false}) and delivers each finished item in a
 * {@code response.output_item.done} event instead, so the items are kept and put back into an empty output.
 */
public final class FinalResponseCollector implements EventSink {
    private final SortedMap<Integer, JsonNode> doneItems = new TreeMap<>();
    private JsonNode response;
    private SseEvent errorEvent;

    @Override
    public void accept(SseEvent event) {
        JsonNode json = event.json();
        if (event.terminal() && json != null) {
            response = json.get("response");
        } else if ("response.output_item.done".equals(event.type()) && json != null && json.hasNonNull("item")) {
            doneItems.put(json.path("output_index").asInt(doneItems.size()), json.get("item"));
        } else if ("error".equals(event.type())) {
            errorEvent = event;
        }
    }

    /** The final Response object, with the streamed items when it came without; null when there was none. */
    public JsonNode response() {
        if (response instanceof ObjectNode object && !doneItems.isEmpty()
                && (!(object.get("output") instanceof ArrayNode output) || output.isEmpty())) {
            object.putArray("output").addAll(doneItems.values());
        }
        return response;
    }

    /** The {@code error} event that ended the stream, or null. */
    public SseEvent errorEvent() {
        return errorEvent;
    }
}
