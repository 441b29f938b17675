package io.codexpool.admin.signin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The identity in an OpenAI id token. The signature is not checked: the token comes from the admin's own login (OAuth
 * or the Codex CLI's auth.json) and only labels the account; the upstream checks the access token on every call.
 */
public record IdTokenClaims(String email, String chatgptAccountId, String planType) {
    private static final String AUTH_CLAIM = "https://api.openai.com/auth";

    public static IdTokenClaims decode(String jwt) throws InvalidTokenException {
        JsonNode payload = payload(jwt, "id_token");
        JsonNode auth = payload.path(AUTH_CLAIM);
        return new IdTokenClaims(text(payload, "email"), text(auth, "chatgpt_account_id"),
                text(auth, "chatgpt_plan_type"));
    }

    /** The {@code exp} of a JWT access token, or null when the token is opaque or has none. */
    public static Instant expiry(String jwt) {
        try {
            JsonNode exp = payload(jwt, "access_token").path("exp");
            return exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (InvalidTokenException e) {
            return null;
        }
    }

    private static JsonNode payload(String jwt, String name) throws InvalidTokenException {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        if (parts.length < 2) {
            throw new InvalidTokenException(name + " is not a JWT (expected three dot-separated parts).");
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(parts[1].replace('+', '-').replace('/', '_')
                    .replace("=", ""));
            JsonNode payload = Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
            if (payload == null || !payload.isObject()) {
                throw new InvalidTokenException(name + " has no JSON payload.");
            }
            return payload;
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidTokenException(name + " has a payload that is not base64url JSON.");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
