package io.codexpool.proxy.accounts;

import java.util.concurrent.TimeUnit;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OpenAI auth server as every part of the service talks to it: its base URL, Codex's client id and one HTTP
 * client, for the token endpoint ({@code /oauth/token}: code exchange at sign-in, refresh afterwards) and the
 * device-code endpoints of the sign-in flows.
 */
@ApplicationScoped
public class AuthServer {
    private final String baseUrl;
    private final String clientId;
    private final Client client;

    /** A reply of the auth server: its status and its JSON body, null when the body is not JSON. */
    public record Reply(int status, JsonNode json) {
        public boolean ok() {
            return status == 200 && json != null;
        }
    }

    @Inject
    public AuthServer(@ConfigProperty(name = "codexpool.auth.base-url", defaultValue = "https://auth.openai.com")
                      String baseUrl,
                      @ConfigProperty(name = "codexpool.auth.client-id", defaultValue = "app_EMoamEEZ73f0CkXaXp7hrann")
                      String clientId) {
        this.baseUrl = baseUrl.replaceAll("/$", "");
        this.clientId = clientId;
        this.client = ClientBuilder.newBuilder().connectTimeout(8, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS).build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public String clientId() {
        return clientId;
    }

    /** The address of {@code path} on the auth server. */
    public String url(String path) {
        return baseUrl + path;
    }

    /** Trades a sign-in's authorization code for tokens (a form post, as OAuth wants). */
    public Reply exchangeCode(String code, String verifier, String redirectUri) {
        return post("/oauth/token", Entity.form(new Form()
                .param("grant_type", "authorization_code")
                .param("client_id", clientId)
                .param("code", code)
                .param("code_verifier", verifier)
                .param("redirect_uri", redirectUri)));
    }

    /** Trades a refresh token for new tokens; refresh tokens rotate, so the reply's one replaces it. */
    public Reply refresh(String refreshToken) {
        ObjectNode body = Json.object()
                .put("grant_type", "refresh_token")
                .put("client_id", clientId)
                .put("refresh_token", refreshToken)
                .put("scope", "openid profile email");
        return post("/oauth/token", Entity.entity(Json.write(body), MediaType.APPLICATION_JSON_TYPE));
    }

    /**
     * Posts to the auth server.
     *
     * @throws jakarta.ws.rs.ProcessingException when it cannot be reached
     */
    public Reply post(String path, Entity<?> entity) {
        try (Response response = client.target(url(path)).request(MediaType.APPLICATION_JSON_TYPE).post(entity)) {
            return new Reply(response.getStatus(), Json.parseOrNull(response.readEntity(String.class)));
        }
    }
}
