package io.codexpool.proxy.api;

import java.io.InputStream;

import io.codexpool.proxy.pipeline.ProxyService;
import io.codexpool.proxy.requests.ResponsesNormalizer;

import io.codexpool.proxy.apikeys.KeyGate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The Codex CLI's own routes: {@code base_url = .../backend-api/codex}. */
@ApplicationScoped
@Path("/backend-api/codex")
public class CodexResponsesResource {
    private final ProxyService proxy;
    private final ModelsService models;
    private final KeyGate keys;

    @Inject
    public CodexResponsesResource(ProxyService proxy, ModelsService models, KeyGate keys) {
        this.proxy = proxy;
        this.models = models;
        this.keys = keys;
    }

    @POST
    @Path("/responses")
    public Response responses(@Context HttpHeaders headers, InputStream body) {
        return proxy.stream("/backend-api/codex/responses", headers, body, ResponsesNormalizer::backend,
                client -> ProxyService.Reply.SSE);
    }

    @POST
    @Path("/responses/compact")
    public Response compact(@Context HttpHeaders headers, InputStream body) {
        return proxy.compact("/backend-api/codex/responses/compact", headers, body, false);
    }

    /** A WebSocket handshake whose API key was refused reaches here as a plain GET, and gets the refusal. */
    @GET
    @Path("/responses")
    public Response handshakeWithoutUpgrade(@Context HttpHeaders headers) {
        keys.identify(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        return models.notAnUpgrade();
    }

    @GET
    @Path("/models")
    public Response models(@Context HttpHeaders headers) {
        keys.identify(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        return models.codexModels();
    }
}
