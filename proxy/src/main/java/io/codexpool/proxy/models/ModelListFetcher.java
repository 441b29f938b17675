package io.codexpool.proxy.models;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.TokenRefresher;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.UpstreamHttpClient;
import io.codexpool.proxy.upstream.UpstreamReply;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;

/** Fetches {@code /codex/models} through one account, refreshing its token once on a 401. */
@ApplicationScoped
class ModelListFetcher {
    private static final Logger LOG = Logger.getLogger(ModelListFetcher.class.getName());
    /** The Codex CLI version we present; upstream hides models newer clients need. */
    static final String PATH = "/codex/models?client_version=0.169.0";
    /** A model list is small; the job waiting for it should not wait for a stream's idle timeout. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final AccountPool pool;
    private final TokenRefresher refresher;
    private final UpstreamHttpClient upstream;

    @Inject
    ModelListFetcher(AccountPool pool, TokenRefresher refresher, UpstreamHttpClient upstream) {
        this.pool = pool;
        this.refresher = refresher;
        this.upstream = upstream;
    }

    /** The {@code {"models":[...]}} document this account sees, or empty when it could not be had. */
    Optional<JsonNode> fetch(AccountState account) {
        try {
            Instant tokenFrom = account.lastRefreshAt();
            Fetched fetched = get(account);
            if (fetched.unauthorized() && refresher.refreshRejected(account, tokenFrom)) {
                fetched = get(account);
            }
            return Optional.ofNullable(fetched.models());
        } catch (ProcessingException e) {
            LOG.warning(() -> "model list via account " + account.id() + " failed: " + e.getMessage());
            return Optional.empty();
        }
    }

    private record Fetched(boolean unauthorized, JsonNode models) {
    }

    private Fetched get(AccountState account) {
        try (UpstreamReply reply = upstream.get(PATH, pool.accessToken(account), account.chatgptAccountId(),
                CALL_TIMEOUT)) {
            if (reply.status() == 401) {
                return new Fetched(true, null);
            }
            JsonNode body = Json.parseOrNull(new String(reply.bodyBytes(), StandardCharsets.UTF_8));
            if (reply.status() != 200 || body == null || !body.path("models").isArray()) {
                LOG.warning(() -> "model list via account " + account.id() + " answered " + reply.status());
                return new Fetched(false, null);
            }
            return new Fetched(false, body);
        }
    }
}
