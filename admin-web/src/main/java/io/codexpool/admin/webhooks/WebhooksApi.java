package io.codexpool.admin.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexpool.admin.auth.AuditLog;
import io.codexpool.admin.web.Json;
import io.helidon.webserver.http.ServerRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/admin/webhooks}: list, add ({@code {"url": ..., "events": [...]}}, 201), delete, send a test. URLs come
 * back masked.
 */
@Path("/api/admin/webhooks")
@ApplicationScoped
public class WebhooksApi {
    private static final int MAX_BODY = 16 * 1024;

    private final Webhooks webhooks;
    private final AuditLog audit;

    @Inject
    public WebhooksApi(Webhooks webhooks, AuditLog audit) {
        this.webhooks = webhooks;
        this.audit = audit;
    }

    @GET
    public Response list() {
        return Json.ok(Map.of("webhooks", webhooks.list().stream().map(Webhooks::json).toList()));
    }

    @POST
    public Response add(InputStream body, @Context ContainerRequestContext request,
                        @Context ServerRequest server) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            return Json.error(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return Json.error(400, "the body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            return Json.error(400, "the body must be a JSON object with url and events");
        }
        JsonNode url = json.get("url");
        if (url == null || !url.isTextual()) {
            return Json.error(400, "url must be a string", "url");
        }
        JsonNode events = json.get("events");
        if (events == null || !events.isArray()) {
            return Json.error(400, "events must be an array of event names", "events");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode event : events) {
            if (!event.isTextual()) {
                return Json.error(400, "events must be an array of event names", "events");
            }
            names.add(event.asText());
        }
        Webhooks.Added added = webhooks.add(url.asText(), names, audit.actor(request, server));
        if (added.webhook() == null) {
            Map.Entry<String, String> first = added.errors().entrySet().iterator().next();
            return Json.error(400, first.getValue(), first.getKey());
        }
        return Json.of(201, Webhooks.json(added.webhook()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context ContainerRequestContext request,
                           @Context ServerRequest server) {
        return webhooks.delete(id, audit.actor(request, server)) ? Response.noContent().build() : notFound();
    }

    /** Queues a test post; its delivery shows on the events page. */
    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") String id, @Context ContainerRequestContext request,
                         @Context ServerRequest server) {
        return webhooks.test(id, audit.actor(request, server)) ? Json.of(202, Map.of("queued", true)) : notFound();
    }

    private static Response notFound() {
        return Json.error(404, "no such webhook");
    }
}
