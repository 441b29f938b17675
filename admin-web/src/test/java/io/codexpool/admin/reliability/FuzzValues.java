package io.codexpool.admin.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators of what hostile or merely odd clients send: JSON of any shape, bodies, headers, query strings. */
final class FuzzValues {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Keys the proxy and admin routes read, so generated objects reach the code behind them. */
    private static final List<String> KNOWN_KEYS = List.of("model", "input", "messages", "instructions", "stream",
            "tools", "tool_choice", "reasoning", "effort", "service_tier", "prompt_cache_key", "n", "response_format",
            "stream_options", "include_usage", "store", "text", "previous_response_id", "type", "role", "content",
            "function", "name", "tokens", "access_token", "id_token", "refresh_token", "budgetThresholdPercent",
            "routingStrategy", "preferEarlierReset", "stickyThreadsEnabled", "promptCacheAffinityTtlSeconds",
            "upstreamTransport", "generate");
    private static final List<String> HEADER_NAMES = List.of("session-id", "session_id", "x-codex-session-id",
            "x-codex-turn-state", "x-client-request-id", "x-request-id", "originator", "openai-beta",
            "x-codex-turn-metadata", "x-codex-beta-features", "chatgpt-account-id", "accept", "user-agent",
            "x-stainless-lang", "sec-fetch-mode", "origin", "via", "x-forwarded-for");

    private FuzzValues() {
    }

    /** Text of every kind: empty, long, any Unicode (lone surrogates too), JSON-looking. */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().ascii().ofMinLength(200).ofMaxLength(700),
                Arbitraries.of("", " ", "gpt-5.4", "null", "{", "[]", "\u0000", "x".repeat(3000), "fast",
                        "priority", "websocket", "http", "capacity_weighted", "-1", "1e309", "prompt_cache"));
    }

    static Arbitrary<JsonNode> jsonValue(int depth) {
        List<Arbitrary<? extends JsonNode>> choices = new ArrayList<>(List.of(
                Arbitraries.just(NullNode.getInstance()),
                Arbitraries.of(true, false).map(BooleanNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.doubles().map(DoubleNode::valueOf),
                text().map(TextNode::valueOf)));
        if (depth > 0) {
            choices.add(jsonValue(depth - 1).list().ofMaxSize(4).map(values -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                array.addAll(values);
                return array;
            }));
            choices.add(jsonObject(depth - 1));
        }
        return Arbitraries.oneOf(choices);
    }

    /** Objects whose keys are mostly ones the routes read, with values of any type. */
    static Arbitrary<JsonNode> jsonObject(int depth) {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(KNOWN_KEYS), Arbitraries.strings().ofMaxLength(12));
        return Arbitraries.maps(keys, jsonValue(depth)).ofMaxSize(6).map(FuzzValues::object);
    }

    /** A request body: a plausible one with odd values, any JSON, cut JSON, or not JSON at all. */
    static Arbitrary<String> body() {
        Arbitrary<String> object = jsonObject(2).map(FuzzValues::write);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, object),
                net.jqwik.api.Tuple.of(2, plausibleTurn()),
                net.jqwik.api.Tuple.of(1, jsonValue(2).map(FuzzValues::write)),
                net.jqwik.api.Tuple.of(1, object.map(json -> json.substring(0, json.length() / 2))),
                net.jqwik.api.Tuple.of(1, text()));
    }

    /** A turn close to a valid one, each field possibly of the wrong type. */
    static Arbitrary<String> plausibleTurn() {
        return Arbitraries.maps(Arbitraries.of("model", "input", "stream", "reasoning", "service_tier", "tools",
                "prompt_cache_key", "messages", "n", "instructions"), jsonValue(1)).ofMaxSize(4).map(odd -> {
                    ObjectNode turn = JSON.createObjectNode().put("model", "gpt-5.4").put("input", "hi");
                    turn.setAll(object(odd));
                    return write(turn);
                });
    }

    static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(600),
                Arbitraries.of("", "codex_exec", "text/event-stream", "responses_websockets=2026-02-06"));
        return Arbitraries.maps(Arbitraries.of(HEADER_NAMES), values.map(String::strip)).ofMaxSize(4);
    }

    static Arbitrary<String> query() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("status", "q", "kind", "accountId", "key",
                "staleOnly", "limit", "offset", "model", "from", "to", "client_version"),
                Arbitraries.strings().alpha().ofMaxLength(8));
        Arbitrary<String> values = Arbitraries.oneOf(text(), Arbitraries.of("-1", "0", "99999999999", "true",
                "2026-13-45T99:99", "active", "prompt_cache", "%", "error", "500"));
        return Arbitraries.maps(names, values).ofMaxSize(4).map(params -> params.isEmpty() ? ""
                : "?" + params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")));
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode object(Map<String, JsonNode> fields) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.setAll(fields);
        return object;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
