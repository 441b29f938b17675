package io.codexpool.proxy.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The model lists of the plans seen so far, immutable: each plan's models as upstream described them, and the union
 * over all plans (first description of a slug wins).
 */
record ModelCatalog(Map<String, Set<String>> slugsByPlan, Map<String, JsonNode> merged) {
    static final ModelCatalog EMPTY = new ModelCatalog(Map.of(), Map.of());

    /** Builds a catalog from each plan's {@code {"models":[...]}} document. */
    static ModelCatalog of(Map<String, JsonNode> documentsByPlan) {
        Map<String, Set<String>> slugsByPlan = new LinkedHashMap<>();
        Map<String, JsonNode> merged = new LinkedHashMap<>();
        documentsByPlan.forEach((plan, document) -> {
            List<String> slugs = new ArrayList<>();
            for (JsonNode model : document.path("models")) {
                String slug = model.path("slug").asText("");
                if (!slug.isEmpty()) {
                    slugs.add(slug);
                    merged.putIfAbsent(slug, model);
                }
            }
            slugsByPlan.put(plan, Set.copyOf(slugs));
        });
        return new ModelCatalog(Map.copyOf(slugsByPlan), java.util.Collections.unmodifiableMap(merged));
    }

    /** The key plans are stored under: lower case, "unknown" for an account without a plan. */
    static String planKey(String planType) {
        return planType == null || planType.isBlank() ? "unknown" : planType.toLowerCase(Locale.ROOT);
    }

    boolean known() {
        return !merged.isEmpty();
    }

    /**
     * Whether an account on this plan may get a request for this model: yes unless both the model and the plan's list
     * are known and the list lacks the model. An unknown model is tried everywhere rather than refused.
     */
    boolean canServe(String planType, String model) {
        if (model == null || !merged.containsKey(model)) {
            return true;
        }
        Set<String> slugs = slugsByPlan.get(planKey(planType));
        return slugs == null || slugs.contains(model);
    }

    Set<String> plans() {
        return slugsByPlan.keySet();
    }

    @Override
    public String toString() {
        return "ModelCatalog" + slugsByPlan.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().size()).collect(Collectors.joining(", ", "[", "]"));
    }
}
