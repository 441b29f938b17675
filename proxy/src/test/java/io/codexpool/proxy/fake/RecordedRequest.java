package io.codexpool.proxy.fake;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request received by the fake backend (an HTTP request or one WebSocket turn). Immutable. */
public final class RecordedRequest {

    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final String body;
    private final String transport;
    private final Instant receivedAt;

    RecordedRequest(String method, String path, Map<String, List<String>> headers, String body, String transport) {
        this.method = method;
        this.path = path;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        copy.replaceAll((k, v) -> List.copyOf(v));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body == null ? "" : body;
        this.transport = transport;
        this.receivedAt = Instant.now();
    }

    /** HTTP method; WebSocket turns are recorded as {@code "WS"}. */
    public String method() {
        return method;
    }

    /** Path relative to the server root, including the query, e.g. {@code /backend-api/codex/responses}. */
    public String path() {
        return path;
    }

    /** Path without the query string. */
    public String pathWithoutQuery() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** First value of the header (case-insensitive), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** All headers, keys lower-cased. For WebSocket turns: the headers of the upgrade request. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The body (HTTP) or the text frame (WebSocket). */
    public String body() {
        return body;
    }

    /** The body parsed as JSON, or null when it is not JSON. */
    public JsonNode json() {
        return Reply.parse(body);
    }

    /** {@code "http"} or {@code "websocket"}. */
    public String transport() {
        return transport;
    }

    /** The {@code chatgpt-account-id} header, or null. */
    public String accountId() {
        return header("chatgpt-account-id");
    }

    /** The bearer token of the {@code Authorization} header, or null. */
    public String bearerToken() {
        String a = header("authorization");
        if (a == null) {
            return null;
        }
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : a;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        return transport + " " + method + " " + path + " account=" + accountId()
                + " body=" + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
    }
}
