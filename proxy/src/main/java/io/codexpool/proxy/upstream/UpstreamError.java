package io.codexpool.proxy.upstream;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An upstream error read from an HTTP error body or from a failure event, classified the way failover needs.
 */
public record UpstreamError(Kind kind, int status, String code, String message, Instant resetsAt,
                            Double retryAfterSeconds) {
    public enum Kind {
        RATE_LIMIT, QUOTA, AUTH, PERMANENT, TRANSIENT, CLIENT
    }

    private static final Set<String> RATE_LIMIT = Set.of("usage_limit_reached", "rate_limit_exceeded");
    private static final Set<String> QUOTA = Set.of("insufficient_quota", "usage_not_included", "quota_exceeded");
    private static final Set<String> PERMANENT = Set.of("refresh_token_expired", "refresh_token_reused",
            "refresh_token_invalidated", "account_deactivated", "account_suspended", "account_deleted");
    /** Only these codes are worth a retry when no 5xx status says so (an SSE error event states no status). */
    private static final Set<String> TRANSIENT = Set.of("server_error", "server_is_overloaded",
            "service_unavailable", "internal_server_error");
    private static final Pattern TRY_AGAIN = Pattern.compile("try again in ([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s)",
            Pattern.CASE_INSENSITIVE);

    /**
     * Classifies an error object ({@code {"code","type","message",...}}) that came with this HTTP status, or with 0
     * (or 200) when nothing stated one: then only its code decides, and an unknown code is the request's own fault.
     */
    public static UpstreamError of(int status, JsonNode error, Instant now) {
        JsonNode node = error == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : error;
        String code = text(node, "code");
        if (code == null) {
            code = text(node, "type");
        }
        code = code == null ? null : code.toLowerCase(Locale.ROOT);
        String message = text(node, "message");
        Instant resetsAt = null;
        if (node.hasNonNull("resets_at")) {
            resetsAt = Instant.ofEpochSecond(node.get("resets_at").asLong());
        } else if (node.hasNonNull("resets_in_seconds")) {
            resetsAt = now.plusSeconds(node.get("resets_in_seconds").asLong());
        }
        Double retryAfter = null;
        if (message != null) {
            Matcher matcher = TRY_AGAIN.matcher(message);
            if (matcher.find()) {
                double value = Double.parseDouble(matcher.group(1));
                retryAfter = "ms".equalsIgnoreCase(matcher.group(2)) ? value / 1000.0 : value;
            }
        }
        return new UpstreamError(kind(status, code), status, code, message, resetsAt, retryAfter);
    }

    private static Kind kind(int status, String code) {
        if (code != null && PERMANENT.contains(code)) {
            return Kind.PERMANENT;
        }
        if (code != null && QUOTA.contains(code)) {
            return Kind.QUOTA;
        }
        if ((code != null && RATE_LIMIT.contains(code)) || status == 429) {
            return Kind.RATE_LIMIT;
        }
        if (status == 401) {
            return Kind.AUTH;
        }
        if (status >= 500 || (code != null && TRANSIENT.contains(code))) {
            return Kind.TRANSIENT;
        }
        return Kind.CLIENT;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
