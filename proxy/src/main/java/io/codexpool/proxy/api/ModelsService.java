package io.codexpool.proxy.api;

import java.util.function.Supplier;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.models.ModelRegistry;
import io.codexpool.proxy.replies.HttpReplies;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The model routes' answers from the {@link ModelRegistry}, or why upstream's list is missing. */
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

    /**
     * A GET of a Responses route that is not a WebSocket upgrade. The route has a GET method (for refused handshakes),
     * so JAX-RS's own 405, which names the allowed methods, never comes: the {@code Allow} header is set here.
     */
    public Response notAnUpgrade() {
        return Response.fromResponse(HttpReplies.json(405, ErrorBodies.error("send a POST, or a WebSocket upgrade",
                "invalid_request_error", "method_not_allowed", null))).allow("POST").build();
    }

    /**
     * What is known, also with no account at all (then usually an empty list): a client that lists models at start-up
     * must not take a pool without accounts for a service that is down. Only accounts that cannot fetch a list are
     * an upstream failure.
     */
    private Response reply(Supplier<ObjectNode> list) {
        ObjectNode models = list.get();
        if (registry.known() || pool.all().isEmpty()) {
            return Response.ok(Json.bytes(models), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return HttpReplies.json(502, ErrorBodies.error("upstream model list unavailable", "server_error",
                "upstream_error", null));
    }
}
