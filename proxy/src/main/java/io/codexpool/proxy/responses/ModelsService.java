package io.codexpool.proxy.responses;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.models.ModelRegistry;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.upstream.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The model routes' answers from the {@link ModelRegistry}, or the reason there is no list yet. */
@ApplicationScoped
public class ModelsService {
    private final ModelRegistry registry;
    private final AccountPool pool;

    @Inject
    public ModelsService(ModelRegistry registry, AccountPool pool) {
        this.registry = registry;
        this.pool = pool;
    }

    /** {@code {"models":[...]}} as upstream lists them, merged over the plans present. */
    public JsonNode codexModels() {
        ObjectNode models = registry.codexModels();
        requireKnown();
        return models;
    }

    /** The OpenAI {@code /v1/models} list. */
    public ObjectNode openAiModels() {
        ObjectNode models = registry.openAiModels();
        requireKnown();
        return models;
    }

    private void requireKnown() {
        if (registry.known()) {
            return;
        }
        if (pool.all().isEmpty()) {
            throw new NoAccountAvailable("no accounts are configured: add one in the admin site", null);
        }
        throw new UpstreamFailure(502, Json.bytes(ErrorBodies.error("upstream model list unavailable",
                "server_error", "upstream_error", null)), "upstream_error", "model list unavailable");
    }
}
