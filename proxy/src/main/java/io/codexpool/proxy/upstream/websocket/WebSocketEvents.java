package io.codexpool.proxy.upstream.websocket;

import java.io.IOException;

import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.SseEvent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Turns WebSocket JSON frames into SSE events and back. */
public final class WebSocketEvents {
    private WebSocketEvents() {
    }

    /** {@code event: <type>\ndata: <json>\n\n}, so the relay and every sink work unchanged. */
    public static SseEvent toSse(String json) {
        String type = typeOf(json);
        String data = json.indexOf('\n') < 0 ? json : json.replace("\r\n", "\n").replace("\n", "\ndata: ");
        return SseEvent.of(type == null ? "message" : type, data);
    }

    /**
     * The top-level {@code type} of a JSON object, read with the streaming parser: image events of many MiB are not
     * turned into a tree just to learn their type.
     */
    public static String typeOf(String json) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
