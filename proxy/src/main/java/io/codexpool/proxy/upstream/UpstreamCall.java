package io.codexpool.proxy.upstream;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One client request ready to go upstream: the normalised body and the client's headers (lower-case names).
 *
 * @param upstreamPath {@code /codex/responses} or {@code /codex/responses/compact}
 */
public record UpstreamCall(String upstreamPath, ObjectNode body, Map<String, List<String>> headers, String requestId,
                           boolean compact) {
    public String model() {
        return body.path("model").asText(null);
    }
}
