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
            return session(turnState, body);
        }
        String session = backendRoute ? sessionHeader(headers) : null;
        if (session != null) {
            return session(session, body);
        }
        JsonNode promptCacheKey = body.get("prompt_cache_key");
        if (promptCacheKey != null && promptCacheKey.isTextual() && !promptCacheKey.asText().isBlank()) {
            if (!backendRoute) {
                return new StickyKey(StickyKind.PROMPT_CACHE, promptCacheKey.asText(), midTurn(body));
            }
            if (stickyThreadsEnabled) {
                return new StickyKey(StickyKind.STICKY_THREAD, promptCacheKey.asText(), midTurn(body));
            }
        }
        return null;
    }

    /** The client's {@code x-codex-turn-state}, or null. */
    public static String turnState(Map<String, List<String>> headers) {
        return first(headers, "x-codex-turn-state");
    }

    /** The client's Codex session header, or null. */
    public static String sessionHeader(Map<String, List<String>> headers) {
        for (String header : SESSION_HEADERS) {
            String session = first(headers, header);
            if (session != null) {
                return session;
            }
        }
        return null;
    }

    /** A Codex session's key (also a client WebSocket's turn state) for a request with this body. */
    public static StickyKey session(String key, JsonNode body) {
        return new StickyKey(StickyKind.CODEX_SESSION, key, midTurn(body));
    }

    /** Whether the request continues a response ({@code previous_response_id}) rather than starting a turn. */
    private static boolean midTurn(JsonNode body) {
        JsonNode previous = body.get("previous_response_id");
        return previous != null && previous.isTextual() && !previous.asText().isBlank();
    }

    /** The header's first value, at most as long as a stored key. */
    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty() || values.getFirst() == null || values.getFirst().isBlank()) {
            return null;
        }
        return values.getFirst().strip();
    }
}
