package io.codexpool.proxy.responses;

import java.util.List;
import java.util.Map;

import io.codexpool.proxy.sticky.StickyKey;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One client request ready to go upstream: the normalised body and the client's headers (lower-case names).
 *
 * @param upstreamPath {@code /codex/responses} or {@code /codex/responses/compact}
 * @param sticky the conversation affinity to honour, or null
 */
public record ProxyCall(String upstreamPath, ObjectNode body, Map<String, List<String>> headers, String requestId,
                        boolean compact, StickyKey sticky) {
    public String model() {
        return body.path("model").asText(null);
    }
}
