package io.codexpool.admin.apikeys;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.codexpool.admin.web.TimeInput;
import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.proxy.apikeys.KeyJson;
import io.codexpool.proxy.apikeys.LimitMetric;
import io.codexpool.proxy.apikeys.LimitRule;
import io.codexpool.proxy.apikeys.LimitWindow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A key's typed-in fields, from the admin form or the JSON API, checked: every invalid field gets a readable message
 * under its name, and then nothing is applied. A field left out keeps its value.
 */
final class ApiKeyInput {
    static final String NAME = "name";
    static final String EXPIRES_AT = "expiresAt";
    static final String ALLOWED_MODELS = "allowedModels";
    static final String ACCOUNT_IDS = "accountIds";
    static final String MAX_CONCURRENT = "maxConcurrentTurns";
    static final String LIMITS = "limits";
    private static final Set<String> FIELDS = Set.of(NAME, EXPIRES_AT, ALLOWED_MODELS, ACCOUNT_IDS, MAX_CONCURRENT,
            LIMITS);
    private static final int MAX_NAME = 200;
    private static final int MAX_LIST = 100;
    private static final int MAX_RULES = 20;
    private static final int MAX_MODEL = 128;

    private final Map<String, String> errors = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    private ApiKeyInput() {
    }

    /**
     * The page's fields: models separated by commas, spaces or lines; accounts as ticked boxes; one limit rule a
     * line, as {@code metric window max [model]}.
     */
    static ApiKeyInput fromForm(String name, String expiresAt, String models, List<String> accountIds,
                                String maxConcurrent, String limits, Set<String> knownAccounts) {
        ApiKeyInput input = new ApiKeyInput();
        input.name(name);
        input.expiresAt(expiresAt);
        input.models(words(models));
        input.accounts(accountIds, knownAccounts);
        input.maxConcurrent(maxConcurrent);
        List<String[]> rules = new ArrayList<>();
        limits.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> rules.add(line.split("\\s+")));
        input.rules(rules);
        return input;
    }

    /** The API's JSON object; unknown fields are refused, so a typo does not pass for "keep the value". */
    static ApiKeyInput fromJson(JsonNode json, Set<String> knownAccounts) {
        ApiKeyInput input = new ApiKeyInput();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                input.errors.put(field, "unknown field '" + field + "'");
            }
        }
        if (json.has(NAME)) {
            input.name(json.get(NAME).isTextual() ? json.get(NAME).asText() : null);
        }
        if (json.has(EXPIRES_AT)) {
            JsonNode value = json.get(EXPIRES_AT);
            input.expiresAt(value.isNull() ? "" : value.isTextual() ? value.asText() : "?");
        }
        if (json.has(ALLOWED_MODELS)) {
            input.models(strings(input, ALLOWED_MODELS, json.get(ALLOWED_MODELS)));
        }
        if (json.has(ACCOUNT_IDS)) {
            input.accounts(strings(input, ACCOUNT_IDS, json.get(ACCOUNT_IDS)), knownAccounts);
        }
        if (json.has(MAX_CONCURRENT)) {
            JsonNode value = json.get(MAX_CONCURRENT);
            input.maxConcurrent(value.isNull() ? "" : value.isIntegralNumber() ? value.asText() : "?");
        }
        if (json.has(LIMITS)) {
            JsonNode value = json.get(LIMITS);
            List<String[]> rules = new ArrayList<>();
            if (value.isArray()) {
                for (JsonNode rule : value) {
                    rules.add(new String[] {rule.path("metric").asText(""), rule.path("window").asText(""),
                            rule.path("max").asText(""), rule.path("model").isTextual() ? rule.get("model").asText()
                            : null});
                }
            } else if (!value.isNull()) {
                input.errors.put(LIMITS, "limits must be a list of {metric, window, max, model} objects");
            }
            input.rules(rules);
        }
        return input;
    }

    boolean valid() {
        return errors.isEmpty();
    }

    Map<String, String> errors() {
        return errors;
    }

    boolean has(String field) {
        return values.containsKey(field);
    }

    /** Writes the given fields into the row. */
    @SuppressWarnings("unchecked")
    void applyTo(ApiKey key) {
        if (!valid()) {
            throw new IllegalStateException("invalid key input: " + errors);
        }
        if (values.containsKey(NAME)) {
            key.setName((String) values.get(NAME));
        }
        if (values.containsKey(EXPIRES_AT)) {
            key.setExpiresAt((Instant) values.get(EXPIRES_AT));
        }
        if (values.containsKey(ALLOWED_MODELS)) {
            key.setAllowedModels(KeyJson.write((Set<String>) values.get(ALLOWED_MODELS)));
        }
        if (values.containsKey(ACCOUNT_IDS)) {
            key.setAccountIds(KeyJson.write((Set<String>) values.get(ACCOUNT_IDS)));
        }
        if (values.containsKey(MAX_CONCURRENT)) {
            key.setMaxConcurrentTurns((Integer) values.get(MAX_CONCURRENT));
        }
        if (values.containsKey(LIMITS)) {
            key.setLimitRules(KeyJson.writeRules((List<LimitRule>) values.get(LIMITS)));
        }
    }

    String name() {
        return (String) values.get(NAME);
    }

    private void name(String name) {
        String value = name == null ? "" : name.strip();
        if (value.isEmpty() || value.length() > MAX_NAME) {
            errors.put(NAME, "Name is required, at most " + MAX_NAME + " characters.");
        }
        values.put(NAME, value);
    }

    private void expiresAt(String text) {
        try {
            values.put(EXPIRES_AT, TimeInput.parse("Expiry", text));
        } catch (IllegalArgumentException e) {
            errors.put(EXPIRES_AT, e.getMessage());
        }
    }

    private void models(List<String> models) {
        Set<String> set = new LinkedHashSet<>(models);
        if (set.size() > MAX_LIST || set.stream().anyMatch(m -> m.isBlank() || m.length() > MAX_MODEL)) {
            errors.put(ALLOWED_MODELS, "Allowed models: at most " + MAX_LIST + " model names of up to " + MAX_MODEL
                    + " characters.");
        }
        values.put(ALLOWED_MODELS, set);
    }

    private void accounts(List<String> ids, Set<String> knownAccounts) {
        Set<String> set = new LinkedHashSet<>();
        for (String id : ids) {
            if (!knownAccounts.contains(id.strip())) {
                errors.put(ACCOUNT_IDS, "No account has the id '" + id.strip() + "'.");
            }
            set.add(id.strip());
        }
        values.put(ACCOUNT_IDS, set);
    }

    private void maxConcurrent(String text) {
        if (text == null || text.isBlank()) {
            values.put(MAX_CONCURRENT, null);
            return;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1 && value <= 10_000) {
                values.put(MAX_CONCURRENT, value);
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.put(MAX_CONCURRENT, "Concurrent turns must be a whole number from 1 to 10000, or empty for no cap.");
    }

    private void rules(List<String[]> parts) {
        List<LimitRule> rules = new ArrayList<>();
        if (parts.size() > MAX_RULES) {
            errors.put(LIMITS, "At most " + MAX_RULES + " limit rules.");
        }
        for (String[] rule : parts) {
            String written = String.join(" ", Arrays.stream(rule).filter(p -> p != null).toList());
            try {
                if (rule.length < 3 || rule.length > 4) {
                    throw new IllegalArgumentException("write it as: metric window max [model]");
                }
                BigDecimal max;
                try {
                    max = new BigDecimal(rule[2]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("max must be a number");
                }
                if (max.signum() <= 0) {
                    throw new IllegalArgumentException("max must be above 0");
                }
                String model = rule.length == 4 ? rule[3] : null;
                if (model != null && model.length() > MAX_MODEL) {
                    throw new IllegalArgumentException("the model name is too long");
                }
                rules.add(new LimitRule(LimitMetric.parse(rule[0]), LimitWindow.parse(rule[1]), max, model));
            } catch (IllegalArgumentException e) {
                errors.putIfAbsent(LIMITS, "Limit rule '" + written + "': " + e.getMessage()
                        + " (metric: tokens, cost_usd or requests; window: 5h, day, week or month).");
            }
        }
        values.put(LIMITS, rules);
    }

    private static List<String> words(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    private static List<String> strings(ApiKeyInput input, String field, JsonNode value) {
        List<String> strings = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> {
                if (item.isTextual()) {
                    strings.add(item.asText());
                } else {
                    input.errors.put(field, field + " must be a list of strings");
                }
            });
        } else if (!value.isNull()) {
            input.errors.put(field, field + " must be a list of strings");
        }
        return strings;
    }
}
