package io.codexpool.admin.apikeys;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;

import io.codexpool.admin.auth.AuditLog;
import io.codexpool.admin.web.Json;
import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.proxy.apikeys.KeyUsage;
import io.helidon.webserver.http.ServerRequest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/admin/api-keys}: list, create (201 with the secret as {@code key}, this once), read, change (fields
 * left out keep their value), regenerate (200 with the new {@code key}), disable, enable, delete.
 */
@Path("/api/admin/api-keys")
@ApplicationScoped
public class ApiKeysApi {
    private static final int MAX_BODY = 64 * 1024;

    private final ApiKeyRepository keys;
    private final ApiKeyActions actions;
    private final KeyUsage usage;
    private final ApiKeyQueries queries;
    private final AuditLog audit;

    @Inject
    public ApiKeysApi(ApiKeyRepository keys, ApiKeyActions actions, KeyUsage usage, ApiKeyQueries queries,
                      AuditLog audit) {
        this.keys = keys;
        this.actions = actions;
        this.usage = usage;
        this.queries = queries;
        this.audit = audit;
    }

    @GET
    public Response list() {
        return Json.ok(Map.of("apiKeys", keys.findAll().stream().map(k -> ApiKeyView.of(k, usage).json()).toList()));
    }

    @POST
    public Response create(InputStream body, @Context ContainerRequestContext request,
                           @Context ServerRequest server) throws IOException {
        return withInput(body, input -> {
            if (!input.has(ApiKeyInput.NAME)) {
                return Json.error(400, "name is required", ApiKeyInput.NAME);
            }
            ApiKeyActions.WithSecret created = actions.create(input, audit.actor(request, server));
            return Json.of(201, withSecret(created));
        });
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return keys.findById(id).map(this::ok).orElseGet(ApiKeysApi::notFound);
    }

    @PUT
    @Path("{id}")
    public Response update(@PathParam("id") String id, InputStream body, @Context ContainerRequestContext request,
                           @Context ServerRequest server) throws IOException {
        return withInput(body, input -> actions.update(id, input, audit.actor(request, server)).map(this::ok)
                .orElseGet(ApiKeysApi::notFound));
    }

    @POST
    @Path("{id}/regenerate")
    public Response regenerate(@PathParam("id") String id, @Context ContainerRequestContext request,
                               @Context ServerRequest server) {
        return actions.regenerate(id, audit.actor(request, server)).map(created -> Json.ok(withSecret(created)))
                .orElseGet(ApiKeysApi::notFound);
    }

    @POST
    @Path("{id}/disable")
    public Response disable(@PathParam("id") String id, @Context ContainerRequestContext request,
                            @Context ServerRequest server) {
        return actions.enable(id, false, audit.actor(request, server)).map(this::ok).orElseGet(ApiKeysApi::notFound);
    }

    @POST
    @Path("{id}/enable")
    public Response enable(@PathParam("id") String id, @Context ContainerRequestContext request,
                           @Context ServerRequest server) {
        return actions.enable(id, true, audit.actor(request, server)).map(this::ok).orElseGet(ApiKeysApi::notFound);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context ContainerRequestContext request,
                           @Context ServerRequest server) {
        return actions.delete(id, audit.actor(request, server)) ? Response.noContent().build() : notFound();
    }

    private Response withInput(InputStream body, Function<ApiKeyInput, Response> action) throws IOException {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body.readNBytes(MAX_BODY));
        } catch (IOException e) {
            return Json.error(400, "the body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            return Json.error(400, "the body must be a JSON object");
        }
        ApiKeyInput input = ApiKeyInput.fromJson(json, queries.accountIds());
        if (!input.valid()) {
            Map.Entry<String, String> first = input.errors().entrySet().iterator().next();
            return Json.error(400, first.getValue(), first.getKey());
        }
        return action.apply(input);
    }

    private Map<String, Object> withSecret(ApiKeyActions.WithSecret created) {
        Map<String, Object> json = ApiKeyView.of(created.key(), usage).json();
        json.put("key", created.secret());
        return json;
    }

    private Response ok(ApiKey key) {
        return Json.ok(ApiKeyView.of(key, usage).json());
    }

    private static Response notFound() {
        return Json.error(404, "no API key has this id");
    }
}
