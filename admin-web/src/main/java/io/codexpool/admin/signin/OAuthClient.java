package io.codexpool.admin.signin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.codexpool.proxy.accounts.AuthServer;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Entity;

/**
 * The OpenAI auth server's sign-in endpoints: the PKCE authorize URL and code exchange, and the device-code pair.
 * Messages it throws are for the admin and never contain a token or code.
 */
@ApplicationScoped
public class OAuthClient {
    private static final String SCOPE = "openid profile email offline_access";

    private final AuthServer server;
    private final Clock clock;

    @Inject
    public OAuthClient(AuthServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /** Where the admin's browser signs in; it comes back to {@code redirectUri} with a code and the state. */
    URI authorizeUrl(String redirectUri, Pkce pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", server.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", SCOPE);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        query.put("state", pkce.state());
        query.put("id_token_add_organizations", "true");
        query.put("codex_cli_simplified_flow", "true");
        return URI.create(server.url("/oauth/authorize") + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .collect(Collectors.joining("&")));
    }

    /** Trades an authorization code for tokens and reads who signed in. */
    SignIn exchangeCode(String code, String verifier, String redirectUri) throws LoginFailed {
        JsonNode tokens;
        try {
            tokens = answer(server.exchangeCode(code, verifier, redirectUri), "code exchange");
        } catch (ProcessingException e) {
            throw unreachable("code exchange", e);
        }
        return signIn(tokens);
    }

    /** Asks for a user code the admin enters at {@link #deviceVerificationUrl()}. */
    DeviceCode requestDeviceCode() throws LoginFailed {
        JsonNode reply = post("/api/accounts/deviceauth/usercode",
                Entity.json(Json.write(Json.object().put("client_id", server.clientId()))), "device code request");
        String id = reply.path("device_auth_id").asText("");
        String userCode = reply.path("user_code").asText(reply.path("usercode").asText(""));
        if (id.isEmpty() || userCode.isEmpty()) {
            throw new LoginFailed("The auth server gave no device code. Try again, or sign in in the browser.");
        }
        return new DeviceCode(id, userCode, reply.path("interval").asInt(5));
    }

    String deviceVerificationUrl() {
        return server.url("/codex/device");
    }

    /** One poll: the sign-in once the admin has entered the code, empty while pending. */
    Optional<SignIn> pollDevice(DeviceCode device) throws LoginFailed {
        String body = Json.write(Json.object().put("device_auth_id", device.id()).put("user_code", device.userCode()));
        try {
            AuthServer.Reply reply = server.post("/api/accounts/deviceauth/token", Entity.json(body));
            JsonNode json = reply.json();
            String code = errorCode(json);
            if (reply.ok()) {
                return Optional.of(json.hasNonNull("access_token") ? signIn(json) : exchangeDeviceCode(json));
            }
            if (code.equals("authorization_pending") || code.equals("slow_down")
                    || (code.isEmpty() && (reply.status() == 403 || reply.status() == 404))) {
                return Optional.empty();
            }
            if (code.equals("expired_token")) {
                throw new LoginFailed("The device code expired before the sign-in was completed. Nothing was "
                        + "stored; start a new device sign-in.");
            }
            throw new LoginFailed("The auth server refused the device sign-in (" + describe(reply.status(), code)
                    + "). Nothing was stored.");
        } catch (ProcessingException e) {
            // A network hiccup is not the end of the sign-in: the next poll tries again.
            return Optional.empty();
        }
    }

    /** Servers that answer the device poll with an authorization code (and its verifier) want it exchanged. */
    private SignIn exchangeDeviceCode(JsonNode reply) throws LoginFailed {
        String code = reply.path("authorization_code").asText("");
        String verifier = reply.path("code_verifier").asText("");
        if (code.isEmpty() || verifier.isEmpty()) {
            throw new LoginFailed("The auth server's device answer had neither tokens nor a code. Nothing was stored.");
        }
        return exchangeCode(code, verifier, server.url("/deviceauth/callback"));
    }

    private JsonNode post(String path, Entity<?> entity, String what) throws LoginFailed {
        try {
            return answer(server.post(path, entity), what);
        } catch (ProcessingException e) {
            throw unreachable(what, e);
        }
    }

    /** The JSON of a successful reply; any other reply ends the sign-in with what the auth server said. */
    private static JsonNode answer(AuthServer.Reply reply, String what) throws LoginFailed {
        if (!reply.ok()) {
            throw new LoginFailed("The auth server refused the " + what + " ("
                    + describe(reply.status(), errorCode(reply.json())) + "). Nothing was stored; start again.");
        }
        return reply.json();
    }

    private static LoginFailed unreachable(String what, ProcessingException e) {
        return new LoginFailed("The auth server could not be reached for the " + what + ": " + e.getMessage());
    }

    private SignIn signIn(JsonNode tokens) throws LoginFailed {
        String idToken = tokens.path("id_token").asText("");
        String access = tokens.path("access_token").asText("");
        String refresh = tokens.path("refresh_token").asText("");
        if (idToken.isEmpty() || access.isEmpty() || refresh.isEmpty()) {
            throw new LoginFailed("The auth server's answer lacks an id, access or refresh token. Nothing was stored.");
        }
        try {
            return SignIn.of(idToken, access, refresh, null, clock.instant());
        } catch (InvalidTokenException e) {
            throw new LoginFailed("The auth server's id token is unreadable: " + e.getMessage());
        }
    }

    private static String errorCode(JsonNode json) {
        if (json == null) {
            return "";
        }
        JsonNode error = json.path("error");
        if (error.isObject()) {
            return error.path("code").asText(error.path("type").asText(""));
        }
        return error.isTextual() ? error.asText() : "";
    }

    private static String describe(int status, String code) {
        return "HTTP " + status + (code.isEmpty() ? "" : ", " + code);
    }

    /** A device sign-in in progress at the auth server. */
    record DeviceCode(String id, String userCode, int intervalSeconds) {
    }
}
