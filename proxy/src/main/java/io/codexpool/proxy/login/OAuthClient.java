package io.codexpool.proxy.login;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.codexpool.proxy.upstream.Json;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OpenAI auth server's sign-in endpoints: the PKCE authorize URL and code exchange, and the device-code pair.
 * Messages it throws are for the admin and never contain a token or code.
 */
@ApplicationScoped
public class OAuthClient {
    private static final String SCOPE = "openid profile email offline_access";

    private final String authBaseUrl;
    private final String clientId;
    private final Clock clock;
    private final Client client;

    @Inject
    public OAuthClient(@ConfigProperty(name = "codexpool.auth.base-url", defaultValue = "https://auth.openai.com")
                       String authBaseUrl,
                       @ConfigProperty(name = "codexpool.auth.client-id", defaultValue = "app_EMoamEEZ73f0CkXaXp7hrann")
                       String clientId,
                       Clock clock) {
        this.authBaseUrl = authBaseUrl.replaceAll("/$", "");
        this.clientId = clientId;
        this.clock = clock;
        this.client = ClientBuilder.newBuilder().connectTimeout(8, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS).build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Where the admin's browser signs in; it comes back to {@code redirectUri} with a code and the state. */
    URI authorizeUrl(String redirectUri, Pkce pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", SCOPE);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        query.put("state", pkce.state());
        query.put("id_token_add_organizations", "true");
        query.put("codex_cli_simplified_flow", "true");
        return URI.create(authBaseUrl + "/oauth/authorize?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .collect(Collectors.joining("&")));
    }

    /** Trades an authorization code for tokens and reads who signed in. */
    SignIn exchangeCode(String code, String verifier, String redirectUri) throws LoginFailed {
        Form form = new Form()
                .param("grant_type", "authorization_code")
                .param("client_id", clientId)
                .param("code", code)
                .param("code_verifier", verifier)
                .param("redirect_uri", redirectUri);
        JsonNode tokens = post("/oauth/token", Entity.form(form), "code exchange");
        return signIn(tokens);
    }

    /** Asks for a user code the admin enters at {@link #deviceVerificationUrl()}. */
    DeviceCode requestDeviceCode() throws LoginFailed {
        JsonNode reply = post("/api/accounts/deviceauth/usercode",
                Entity.json(Json.write(Json.object().put("client_id", clientId))), "device code request");
        String id = reply.path("device_auth_id").asText("");
        String userCode = reply.path("user_code").asText(reply.path("usercode").asText(""));
        if (id.isEmpty() || userCode.isEmpty()) {
            throw new LoginFailed("The auth server gave no device code. Try again, or sign in in the browser.");
        }
        return new DeviceCode(id, userCode, reply.path("interval").asInt(5));
    }

    String deviceVerificationUrl() {
        return authBaseUrl + "/codex/device";
    }

    /** One poll: the sign-in once the admin has entered the code, empty while pending. */
    Optional<SignIn> pollDevice(DeviceCode device) throws LoginFailed {
        String body = Json.write(Json.object().put("device_auth_id", device.id()).put("user_code", device.userCode()));
        try (Response response = client.target(authBaseUrl + "/api/accounts/deviceauth/token")
                .request(MediaType.APPLICATION_JSON_TYPE).post(Entity.json(body))) {
            JsonNode json = Json.parseOrNull(response.readEntity(String.class));
            String code = errorCode(json);
            if (response.getStatus() == 200 && json != null) {
                return Optional.of(json.hasNonNull("access_token") ? signIn(json) : exchangeDeviceCode(json));
            }
            if (code.equals("authorization_pending") || code.equals("slow_down")
                    || (code.isEmpty() && (response.getStatus() == 403 || response.getStatus() == 404))) {
                return Optional.empty();
            }
            if (code.equals("expired_token")) {
                throw new LoginFailed("The device code expired before the sign-in was completed. Nothing was "
                        + "stored; start a new device sign-in.");
            }
            throw new LoginFailed("The auth server refused the device sign-in (" + describe(response.getStatus(), code)
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
        return exchangeCode(code, verifier, authBaseUrl + "/deviceauth/callback");
    }

    private JsonNode post(String path, Entity<?> entity, String what) throws LoginFailed {
        try (Response response = client.target(authBaseUrl + path).request(MediaType.APPLICATION_JSON_TYPE)
                .post(entity)) {
            JsonNode json = Json.parseOrNull(response.readEntity(String.class));
            if (response.getStatus() != 200 || json == null) {
                throw new LoginFailed("The auth server refused the " + what + " ("
                        + describe(response.getStatus(), errorCode(json)) + "). Nothing was stored; start again.");
            }
            return json;
        } catch (ProcessingException e) {
            throw new LoginFailed("The auth server could not be reached for the " + what + ": " + e.getMessage());
        }
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
