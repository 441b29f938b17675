package io.codexpool.proxy.upstream;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One client request ready to go upstream: the normalised body and the client's headers (lower-case names).
 *
 * @param upstreamPath {@code /codex/responses} or {@code /codex/responses/compact}
 * @param continuation the call's conversation chain, or null when it has none
 */
public record UpstreamCall(String upstreamPath, ObjectNode body, Map<String, List<String>> headers, String requestId,
                           boolean compact, Continuation continuation) {
    public UpstreamCall(String upstreamPath, ObjectNode body, Map<String, List<String>> headers, String requestId,
                        boolean compact) {
        this(upstreamPath, body, headers, requestId, compact, null);
    }

    public UpstreamCall withContinuation(Continuation chain) {
        return new UpstreamCall(upstreamPath, body, headers, requestId, compact, chain);
    }

    /** The body to send on this connection (null: one that keeps nothing) of this account. */
    public ObjectNode bodyOn(String connection, String accountId) {
        return continuation == null ? body : continuation.bodyOn(connection, accountId, body);
    }

    /** The account the call must go to while it can serve, or null. */
    public String pinnedAccountId() {
        return continuation == null ? null : continuation.pinnedAccountId();
    }

    public String model() {
        return body.path("model").asText(null);
    }
}
