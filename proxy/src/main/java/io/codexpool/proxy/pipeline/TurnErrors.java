package io.codexpool.proxy.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.proxy.apikeys.KeyRefused;
import io.codexpool.proxy.chains.ChainNotFound;
import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.errors.UpstreamFailure;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.FailureEvent;
import io.codexpool.proxy.upstream.SseEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one mapping of what went wrong with a turn to what its client is told ({@link TurnError}) and what its
 * request-log row says, for every route and both transports.
 */
@ApplicationScoped
public class TurnErrors {
    private static final Logger LOG = Logger.getLogger(TurnErrors.class.getName());
    /** How much of a non-JSON upstream error body is quoted in the wrapped message. */
    private static final int MAX_RELAYED_TEXT = 500;

    private final Clock clock;

    @Inject
    public TurnErrors(Clock clock) {
        this.clock = clock;
    }

    /** The client's answer to {@code failure}, noted on the record. */
    public TurnError map(RuntimeException failure, RequestRecord record) {
        return switch (failure) {
            case ChainNotFound e -> {
                record.error(e.code(), e.getMessage());
                yield new TurnError(e.status(), invalid(e), null, false, e.webSocketError());
            }
            case InvalidRequest e -> {
                record.error(e.code(), e.getMessage());
                yield new TurnError(e.status(), invalid(e));
            }
            case KeyRefused e -> {
                record.error(e.code(), e.getMessage());
                yield refusal(e, clock.instant());
            }
            case NoAccountAvailable e -> {
                record.error(e.allLimited() ? "usage_limit_reached" : "no_accounts", e.getMessage());
                yield noAccount(e);
            }
            case UpstreamFailure e -> {
                record.error(e.code(), e.getMessage());
                yield upstream(e);
            }
            case RequestCancelled e -> {
                record.error("client_closed", e.getMessage());
                yield new TurnError(499, null); // nobody reads it: the client went away
            }
            default -> {
                LOG.log(Level.SEVERE, "request " + record.requestId() + " failed", failure);
                record.error("internal_error", failure.getClass().getSimpleName());
                yield new TurnError(500, ErrorBodies.error("internal error (request " + record.requestId() + ")",
                        "server_error", "internal_error", null));
            }
        };
    }

    private static ObjectNode invalid(InvalidRequest e) {
        return ErrorBodies.error(e.getMessage(), "invalid_request_error", e.code(), e.param());
    }

    /** A refused API key: for a full limit with when it resets, for the concurrency cap with how soon to retry. */
    public static TurnError refusal(KeyRefused refused, Instant now) {
        ObjectNode body = Json.object();
        body.set("error", refused.error(now));
        return new TurnError(refused.status(), body, refused.retryAfterSeconds(), refused.status() == 401, null);
    }

    /**
     * A stream that ended in an {@code error} event, for a client that has seen none of it: the status the error
     * stands for and the upstream error object, as the client would get them had upstream refused the request.
     */
    public TurnError errorEvent(SseEvent event) {
        FailureEvent failure = FailureEvent.of(event, clock.instant());
        return new TurnError(failure.status(), (ObjectNode) Json.parseOrNull(
                new String(failure.body(), StandardCharsets.UTF_8)));
    }

    /** A stream whose final response failed (or never came), for a client that asked for one object. */
    public static TurnError failedResponse(JsonNode error) {
        String code = error == null ? "upstream_error" : error.path("code").asText("upstream_error");
        String message = error == null ? "upstream failed" : error.path("message").asText("upstream failed");
        return new TurnError(502, ErrorBodies.error(message, "server_error", code, null));
    }

    /** 429 with when the earliest account comes back while every account is limited, else 503. */
    private TurnError noAccount(NoAccountAvailable e) {
        if (e.allLimited()) {
            ObjectNode body = ErrorBodies.error(e.getMessage(), "usage_limit_reached", "usage_limit_reached", null);
            Instant resetsAt = e.resetsAt();
            ((ObjectNode) body.get("error")).put("resets_at", resetsAt.getEpochSecond()).put("resets_in_seconds",
                    Math.max(0, resetsAt.getEpochSecond() - clock.instant().getEpochSecond()));
            return new TurnError(429, body);
        }
        return new TurnError(503, ErrorBodies.error(e.getMessage(), "server_error", "no_accounts", null));
    }

    /**
     * Upstream's error as it came when it is a JSON error object (clients act on its own fields); anything else (an
     * HTML page from a proxy in between, plain text, JSON of another shape) is wrapped in the OpenAI shape.
     */
    private static TurnError upstream(UpstreamFailure e) {
        String text = new String(e.body(), StandardCharsets.UTF_8);
        if (Json.parseOrNull(text) instanceof ObjectNode json && json.get("error") instanceof ObjectNode) {
            return new TurnError(e.status(), json);
        }
        text = text.strip();
        String message = "upstream answered " + e.status() + (text.isEmpty() ? "" : ": "
                + (text.length() > MAX_RELAYED_TEXT ? text.substring(0, MAX_RELAYED_TEXT) + "…" : text));
        String type = e.status() == 429 ? "rate_limit_error" : e.status() >= 500 ? "server_error"
                : "invalid_request_error";
        return new TurnError(e.status(), ErrorBodies.error(message, type, e.code(), null));
    }
}
