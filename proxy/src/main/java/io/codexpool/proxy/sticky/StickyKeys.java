package io.codexpool.proxy.sticky;

import java.util.List;
import java.util.Map;

import io.codexpool.persistence.sticky.StickyKind;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which affinity key a request has: the strongest of {@code x-codex-turn-state}, the session header (backend routes
 * only) and {@code prompt_cache_key}.
 */
public final class StickyKeys {
    /** Current Codex CLIs send {@code session-id}; older ones {@code session_id}, which some proxies drop. */
    private static final List<String> SESSION_HEADERS = List.of("session-id", "session_id", "x-codex-session-id");

    private StickyKeys() {
    }

    /**
     * @param backendRoute whether the request came to {@code /backend-api/codex/...} rather than {@code /v1/...}
     * @param headers      the request headers, lower-case names
     */
    public static StickyKey of(boolean backendRoute, Map<String, List<String>> headers, JsonNode body,
                               boolean stickyThreadsEnabled) {
        String turnState = turnState(headers);
        if (turnState != null) {
            return new StickyKey(StickyKind.CODEX_SESSION, turnState);
        }
        String session = backendRoute ? session(headers) : null;
        if (session != null) {
            return new StickyKey(StickyKind.CODEX_SESSION, session);
        }
        JsonNode promptCacheKey = body.get("prompt_cache_key");
        if (promptCacheKey != null && promptCacheKey.isTextual() && !promptCacheKey.asText().isBlank()) {
            if (!backendRoute) {
                return new StickyKey(StickyKind.PROMPT_CACHE, promptCacheKey.asText());
            }
            if (stickyThreadsEnabled) {
                return new StickyKey(StickyKind.STICKY_THREAD, promptCacheKey.asText());
            }
        }
        return null;
    }

    /** The client's {@code x-codex-turn-state}, or null. */
    public static String turnState(Map<String, List<String>> headers) {
        return first(headers, "x-codex-turn-state");
    }

    /** The client's Codex session header, or null. */
    public static String session(Map<String, List<String>> headers) {
        for (String header : SESSION_HEADERS) {
            String session = first(headers, header);
            if (session != null) {
                return session;
            }
        }
        return null;
    }

    /** The header's first value, at most as long as a stored key. */
    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty() || values.getFirst() == null || values.getFirst().isBlank()) {
            return null;
        }
        String value = values.getFirst().strip();
        return value.length() > 255 ? value.substring(0, 255) : value;
    }
}
