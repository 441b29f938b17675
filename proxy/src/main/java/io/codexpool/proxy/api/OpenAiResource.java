package io.codexpool.proxy.api;

import java.io.InputStream;

import io.codexpool.proxy.pipeline.ProxyService;
import io.codexpool.proxy.requests.ChatCompletions;
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

/** OpenAI-compatible routes for SDKs: {@code base_url = .../v1}. */
@ApplicationScoped
@Path("/v1")
public class OpenAiResource {
    private final ProxyService proxy;
    private final ModelsService models;
    private final KeyGate keys;

    @Inject
    public OpenAiResource(ProxyService proxy, ModelsService models, KeyGate keys) {
        this.proxy = proxy;
        this.models = models;
        this.keys = keys;
    }

    @POST
    @Path("/responses")
    public Response responses(@Context HttpHeaders headers, InputStream body) {
        return proxy.stream("/v1/responses", headers, body, ResponsesNormalizer::v1,
                client -> client.path("stream").asBoolean(false) ? ProxyService.Reply.SSE
                        : ProxyService.Reply.RESPONSE_OBJECT);
    }

    @POST
    @Path("/responses/compact")
    public Response compact(@Context HttpHeaders headers, InputStream body) {
        return proxy.compact("/v1/responses/compact", headers, body, true);
    }

    @POST
    @Path("/chat/completions")
    public Response chatCompletions(@Context HttpHeaders headers, InputStream body) {
        return proxy.stream("/v1/chat/completions", headers, body, ChatCompletions::toResponses,
                client -> client.path("stream").asBoolean(false) ? ProxyService.Reply.CHAT_STREAM
                        : ProxyService.Reply.CHAT_OBJECT);
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
        return models.openAiModels();
    }
}
