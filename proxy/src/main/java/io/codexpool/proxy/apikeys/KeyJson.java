package io.codexpool.proxy.apikeys;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON text of a key row's lists and limit rules. Rows are only written through {@link #write} after validation,
 * so reading trusts their shape; an unreadable column reads as empty rather than stopping the proxy.
 */
public final class KeyJson {
    private KeyJson() {
    }

    /** The text of a list, or null for an empty one. */
    public static String write(Collection<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        values.forEach(array::add);
        return Json.write(array);
    }

    /** The text of the rules, or null for none. */
    public static String writeRules(List<LimitRule> rules) {
        if (rules == null || rules.isEmpty()) {
            return null;
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (LimitRule rule : rules) {
            ObjectNode node = array.addObject();
            node.put("metric", rule.metric().wireName());
            node.put("window", rule.window().wireName());
            node.put("max", rule.max());
            node.put("model", rule.model());
        }
        return Json.write(array);
    }

    static List<String> strings(String text) {
        List<String> values = new ArrayList<>();
        JsonNode json = Json.parseOrNull(text);
        if (json != null && json.isArray()) {
            json.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    static List<LimitRule> rules(String text) {
        List<LimitRule> rules = new ArrayList<>();
        JsonNode json = Json.parseOrNull(text);
        if (json != null && json.isArray()) {
            for (JsonNode node : json) {
                try {
                    rules.add(new LimitRule(LimitMetric.parse(node.path("metric").asText()),
                            LimitWindow.parse(node.path("window").asText()), new BigDecimal(node.path("max").asText()),
                            node.path("model").isTextual() ? node.path("model").asText() : null));
                } catch (IllegalArgumentException e) {
                    // written by hand into the database: a rule the proxy cannot read limits nothing
                }
            }
        }
        return List.copyOf(rules);
    }
}
