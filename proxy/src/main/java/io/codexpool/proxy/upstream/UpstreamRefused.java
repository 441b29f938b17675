package io.codexpool.proxy.upstream;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Upstream did not open a stream: an HTTP error status (with its body and headers) or no connection at all. */
public final class UpstreamRefused extends Exception {
    private final int status;
    private final byte[] body;
    private final Map<String, List<String>> headers;

    /** @param status the HTTP status, or 0 when upstream could not be reached */
    public UpstreamRefused(int status, byte[] body, Map<String, List<String>> headers, String message) {
        super(message, null, false, false);
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.headers.putAll(headers);
    }

    public static UpstreamRefused unreachable(String message) {
        return new UpstreamRefused(0, null, Map.of(), message);
    }

    public boolean unreachable() {
        return status == 0;
    }

    /** A WebSocket upgrade the server does not support. */
    public boolean upgradeRequired() {
        return status == 426;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
