package io.codexpool.admin.accounts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.codexpool.admin.signin.InvalidTokenException;
import io.codexpool.admin.signin.SignIn;
import io.codexpool.admin.web.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Codex CLI {@code auth.json}, read: its tokens and the identity from the id token (read as the OAuth flows read it). Snake_case (what the CLI writes)
 * and camelCase spellings are both accepted. Error messages never quote the input, which holds secrets.
 */
public record AuthJsonImport(String email, String chatgptAccountId, String planType, String idToken,
                             String accessToken, String refreshToken, Instant lastRefreshAt) {
    public static final int MAX_BYTES = 1024 * 1024;

    @Override
    public String toString() {
        return "AuthJsonImport[email=" + email + ", chatgptAccountId=" + chatgptAccountId + ", tokens hidden]";
    }

    public static AuthJsonImport parse(byte[] input) throws AuthJsonException {
        if (input.length > MAX_BYTES) {
            throw new AuthJsonException("The auth.json is larger than 1 MiB (" + input.length / 1024
                    + " KiB); a Codex auth.json is a few KiB. Nothing was imported.");
        }
        String text = new String(input, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new AuthJsonException("Choose an auth.json file or paste its contents.");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AuthJsonException("This is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "). Paste the whole auth.json from your Codex home folder.");
        }
        if (root == null || !root.isObject()) {
            throw new AuthJsonException("The auth.json must be a JSON object with a \"tokens\" object.");
        }
        JsonNode tokens = root.path("tokens");
        if (!tokens.isObject()) {
            throw new AuthJsonException("The auth.json has no \"tokens\" object: sign in with the Codex CLI "
                    + "using ChatGPT (not an API key) and import the auth.json it writes.");
        }
        String idToken = required(tokens, "id_token", "idToken");
        String accessToken = required(tokens, "access_token", "accessToken");
        String refreshToken = required(tokens, "refresh_token", "refreshToken");
        String fallbackAccountId = optional(tokens, "account_id", "accountId");
        Instant lastRefresh = lastRefresh(optional(root, "last_refresh", "lastRefresh"));
        try {
            SignIn signIn = SignIn.of(idToken, accessToken, refreshToken, fallbackAccountId, lastRefresh);
            return new AuthJsonImport(signIn.email(), signIn.chatgptAccountId(), signIn.planType(), idToken,
                    accessToken, refreshToken, lastRefresh);
        } catch (InvalidTokenException e) {
            String message = e.getMessage();
            throw new AuthJsonException(message.startsWith("id_token") ? "tokens." + message : message);
        }
    }

    /** The same sign-in as the OAuth flows produce, to be stored by the shared enrollment. */
    public SignIn toSignIn() {
        return new SignIn(email, chatgptAccountId, planType, idToken, accessToken, refreshToken, lastRefreshAt);
    }

    private static String required(JsonNode tokens, String snake, String camel) throws AuthJsonException {
        String value = optional(tokens, snake, camel);
        if (value == null) {
            throw new AuthJsonException("tokens." + snake + " is missing or empty.");
        }
        return value;
    }

    private static String optional(JsonNode node, String snake, String camel) {
        JsonNode value = node.has(snake) ? node.get(snake) : node.path(camel);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static Instant lastRefresh(String text) throws AuthJsonException {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new AuthJsonException("last_refresh is not an ISO-8601 time such as 2026-11-20T10:00:00Z.");
        }
    }
}
