package io.codexpool.admin.webhooks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.auth.AuditLog;
import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.FormData;
import io.codexpool.admin.web.Pages;
import io.codexpool.proxy.alerts.AlertEvent;
import io.helidon.webserver.http.ServerRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The webhooks page: the receivers (URLs masked) with their events; add, delete, send a test. */
@Path("/admin/webhooks")
@ApplicationScoped
public class WebhooksResource {
    private final Webhooks webhooks;
    private final AuditLog audit;
    private final Pages pages;

    @Inject
    public WebhooksResource(Webhooks webhooks, AuditLog audit, Pages pages) {
        this.webhooks = webhooks;
        this.audit = audit;
        this.pages = pages;
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        return page(request, 200, List.of(), Map.of());
    }

    @POST
    public Response add(@Context ContainerRequestContext request, @Context ServerRequest server) {
        FormData form = AdminRequest.form(request);
        List<String> events = AlertEvent.wireNames().stream().filter(e -> !form.value(e).isEmpty()).toList();
        Webhooks.Added added = webhooks.add(form.value("url"), events, audit.actor(request, server));
        if (added.webhook() == null) {
            // the URL is not typed back in: it is a secret, and the admin still has it
            return page(request, 400, events, added.errors());
        }
        return pages.redirect("/admin/webhooks", "Webhook added: " + added.webhook().maskedUrl());
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@PathParam("id") String id, @Context ContainerRequestContext request,
                           @Context ServerRequest server) {
        return pages.redirect("/admin/webhooks", webhooks.delete(id, audit.actor(request, server))
                ? "Webhook deleted." : "That webhook does not exist (any more).");
    }

    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") String id, @Context ContainerRequestContext request,
                         @Context ServerRequest server) {
        return pages.redirect("/admin/webhooks", webhooks.test(id, audit.actor(request, server))
                ? "Test message queued: its delivery shows on the Events page within seconds."
                : "That webhook does not exist (any more).");
    }

    private Response page(ContainerRequestContext request, int status, List<String> checked,
                          Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("webhooks", webhooks.list());
        model.put("events", AlertEvent.wireNames());
        model.put("checked", checked);
        model.put("errors", errors);
        return pages.render(request, status, "webhooks/list", model);
    }
}
