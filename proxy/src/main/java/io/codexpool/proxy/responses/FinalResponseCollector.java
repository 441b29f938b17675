package io.codexpool.proxy.responses;

import io.codexpool.proxy.upstream.SseEvent;

import com.fasterxml.jackson.databind.JsonNode;

/** Keeps the final Response object of a stream, for clients that asked for no stream. */
public final class FinalResponseCollector implements EventSink {
    private JsonNode response;
    private SseEvent errorEvent;

    @Override
    public void accept(SseEvent event) {
        if (event.terminal() && event.json() != null) {
            response = event.json().get("response");
        } else if ("error".equals(event.type())) {
            errorEvent = event;
        }
    }

    /** The final Response object, or null when the stream ended without one. */
    public JsonNode response() {
        return response;
    }

    /** The {@code error} event that ended the stream, or null. */
    public SseEvent errorEvent() {
        return errorEvent;
    }
}
