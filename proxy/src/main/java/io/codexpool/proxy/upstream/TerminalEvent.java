package io.codexpool.proxy.upstream;

import java.io.IOException;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the request log needs of a terminal event ({@code response.completed}, {@code .failed}, {@code .incomplete}):
 * the response's {@code usage}, {@code error} and incomplete reason. Read with the streaming parser, skipping the rest:
 * a terminal event carries the whole response again (every output item), which a tree would build only to drop.
 *
 * @param usage the {@code usage} object, or null
 * @param error the {@code error} object, or null (also when JSON null)
 * @param incompleteReason {@code incomplete_details.reason}, or null
 */
public record TerminalEvent(JsonNode usage, JsonNode error, String incompleteReason) {
    /** The fields of the event's {@code response}; null when it has none or its data is not JSON. */
    public static TerminalEvent of(SseEvent event) {
        try (JsonParser parser = Json.MAPPER.createParser(event.data())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.START_OBJECT && "response".equals(name)) {
                    return response(parser);
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static TerminalEvent response(JsonParser parser) throws IOException {
        JsonNode usage = null;
        JsonNode error = null;
        String incompleteReason = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "usage" -> usage = Json.MAPPER.readTree(parser);
                case "error" -> error = Json.MAPPER.readTree(parser);
                case "incomplete_details" -> incompleteReason = Json.MAPPER.<JsonNode>readTree(parser)
                        .path("reason").asText(null);
                default -> parser.skipChildren();
            }
        }
        return new TerminalEvent(usage, error == null || error.isNull() ? null : error, incompleteReason);
    }
}
