package io.codexpool.proxy.metrics;

import java.util.List;
import java.util.Locale;

/**
 * Label values from short fixed lists: anything else is {@code other}, so an odd client (a made-up model name, a path
 * nobody routes) cannot create series without end.
 */
final class Labels {
    static final String OTHER = "other";
    static final List<String> ROUTES = List.of("/backend-api/codex/responses", "/backend-api/codex/responses/compact",
            "/v1/responses", "/v1/responses/compact", "/v1/chat/completions");
    private static final List<String> TRANSPORTS = List.of("http", "websocket");
    static final List<String> ERROR_KINDS = List.of("ok", "rate_limit", "quota", "auth", "permanent",
            "transient", "client");

    private Labels() {
    }

    static String route(String route) {
        return ROUTES.contains(route) ? route : OTHER;
    }

    static String transport(String transport) {
        return TRANSPORTS.contains(transport) ? transport : OTHER;
    }

    /** Models the caller knows (those with a price) keep their name; the rest count together. */
    static String model(String model, boolean known) {
        return model != null && known ? model : OTHER;
    }

    static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : OTHER;
    }

    static String errorKind(String kind) {
        String lower = kind == null ? OTHER : kind.toLowerCase(Locale.ROOT);
        return ERROR_KINDS.contains(lower) ? lower : OTHER;
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
