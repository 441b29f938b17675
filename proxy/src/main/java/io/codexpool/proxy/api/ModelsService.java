package io.codexpool.proxy.api;

import java.util.function.Supplier;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.models.ModelRegistry;
import io.codexpool.proxy.replies.ProxyErrors;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
    public Response codexModels() {
        return reply(registry::codexModels);
    }

    /** The OpenAI {@code /v1/models} list. */
    public Response openAiModels() {
        return reply(registry::openAiModels);
    }

    private Response reply(Supplier<ObjectNode> list) {
        ObjectNode models = list.get();
        if (registry.known()) {
            return Response.ok(Json.bytes(models), MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (pool.all().isEmpty()) {
            return ProxyErrors.noAccount(new NoAccountAvailable("no accounts are configured: add one in the admin site",
                    null));
        }
        return ProxyErrors.json(502, ErrorBodies.error("upstream model list unavailable", "server_error",
                "upstream_error", null));
    }
}
