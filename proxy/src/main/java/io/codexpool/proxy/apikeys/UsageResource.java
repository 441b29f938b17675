package io.codexpool.proxy.apikeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.codexpool.persistence.requestlogs.RequestTotals;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/usage}: a key holder reads their own key's limits and use. It always needs a valid key, whether
 * keys are required or not: the pool's own numbers are for admins.
 */
@ApplicationScoped
@Path("/v1/usage")
public class UsageResource {
    private final KeyGate gate;
    private final KeyUsage usage;
    private final KeyTotals totals;
    private final Clock clock;

    @Inject
    public UsageResource(KeyGate gate, KeyUsage usage, KeyTotals totals, Clock clock) {
        this.gate = gate;
        this.usage = usage;
        this.totals = totals;
        this.clock = clock;
    }

    @GET
    public Response usage(@Context HttpHeaders headers) {
        KeyPolicy key = gate.requireKey(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        Instant now = clock.instant();
        ObjectNode body = Json.object().put("object", "api_key.usage");
        body.putObject("api_key").put("id", key.id()).put("name", key.name()).put("prefix", key.prefix());
        ArrayNode limits = body.putArray("limits");
        for (LimitRule rule : key.limits()) {
            RuleUsage ruleUsage = usage.usage(key.id(), rule);
            ObjectNode limit = limits.addObject().put("metric", rule.metric().wireName())
                    .put("window", rule.window().wireName()).put("max", rule.max()).put("model", rule.model())
                    .put("used", ruleUsage.used()).put("remaining", ruleUsage.remaining());
            if (ruleUsage.resetsAt() == null) {
                limit.putNull("resets_at");
            } else {
                limit.put("resets_at", ruleUsage.resetsAt().getEpochSecond()).put("resets_in_seconds",
                        Math.max(0, ruleUsage.resetsAt().getEpochSecond() - now.getEpochSecond()));
            }
        }
        ObjectNode spans = body.putObject("totals");
        spans.set("last_24h", totals(key.id(), Duration.ofHours(24), now));
        spans.set("last_7d", totals(key.id(), Duration.ofDays(7), now));
        return Response.ok(Json.bytes(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private ObjectNode totals(String keyId, Duration span, Instant now) {
        RequestTotals sums = totals.last(keyId, span, now);
        return Json.object().put("requests", sums.requests()).put("tokens", sums.tokens())
                .put("cost_usd", sums.costUsd());
    }
}
