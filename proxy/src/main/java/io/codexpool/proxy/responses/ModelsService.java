package io.codexpool.proxy.responses;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.routing.AccountSelector;
import io.codexpool.proxy.upstream.Json;
import io.codexpool.proxy.upstream.UpstreamHttpClient;
import io.codexpool.proxy.upstream.UpstreamReply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The upstream model list, fetched through an available account and kept for five minutes. */
@ApplicationScoped
public class ModelsService {
    private static final Duration KEEP = Duration.ofMinutes(5);
    private static final String PATH = "/codex/models?client_version=0.169.0";

    private final AccountSelector selector;
    private final AccountPool pool;
    private final UpstreamHttpClient upstream;
    private final Clock clock;
    private volatile JsonNode cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    @Inject
    public ModelsService(AccountSelector selector, AccountPool pool, UpstreamHttpClient upstream, Clock clock) {
        this.selector = selector;
        this.pool = pool;
        this.upstream = upstream;
        this.clock = clock;
    }

    /** {@code {"models":[...]}} as upstream lists them. */
    public JsonNode codexModels() {
        JsonNode models = cached;
        if (models != null && clock.instant().isBefore(cachedAt.plus(KEEP))) {
            return models;
        }
        AccountState account = selector.select(Set.of());
        try (UpstreamReply reply = upstream.get(PATH, pool.accessToken(account), account.chatgptAccountId())) {
            byte[] body = reply.bodyBytes();
            if (reply.status() != 200) {
                throw new UpstreamFailure(reply.status(), body, "upstream_error", "model list unavailable");
            }
            JsonNode parsed = Json.parseOrNull(new String(body, StandardCharsets.UTF_8));
            if (parsed == null || !parsed.path("models").isArray()) {
                throw new UpstreamFailure(502, Json.bytes(ErrorBodies.error("upstream model list unreadable",
                        "server_error", "upstream_error", null)), "upstream_error", "model list unreadable");
            }
            cached = parsed;
            cachedAt = clock.instant();
            return parsed;
        }
    }

    /** The OpenAI {@code /v1/models} list. */
    public ObjectNode openAiModels() {
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (JsonNode model : codexModels().path("models")) {
            data.addObject().put("id", model.path("slug").asText()).put("object", "model")
                    .put("created", 0).put("owned_by", "openai");
        }
        return list;
    }
}
