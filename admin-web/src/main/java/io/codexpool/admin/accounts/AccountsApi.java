package io.codexpool.admin.accounts;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** {@code /api/admin/accounts}: list, import an auth.json, pause, resume, delete. */
@Path("/api/admin/accounts")
@ApplicationScoped
public class AccountsApi {
    private final AccountQueries queries;
    private final AccountImporter importer;
    private final AccountActions actions;
    private final AuditLog audit;

    @Inject
    public AccountsApi(AccountQueries queries, AccountImporter importer, AccountActions actions, AuditLog audit) {
        this.queries = queries;
        this.importer = importer;
        this.actions = actions;
        this.audit = audit;
    }

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("q") String search) {
        return Json.ok(Map.of("accounts", queries.list(status, search).stream().map(AccountView::json).toList()));
    }

    /** The body is the auth.json itself; 201 with the new account, 200 when it updated an existing one. */
    @POST
    public Response importAuthJson(InputStream body, @Context ContainerRequestContext request,
                                   @Context ServerRequest server) throws IOException {
        try {
            AccountImporter.Imported imported = importer.importAuthJson(body.readNBytes(AuthJsonImport.MAX_BYTES + 1),
                    audit.actor(request, server));
            AccountView view = queries.find(imported.account().getId()).orElseThrow();
            return Json.of(imported.created() ? 201 : 200, view.json());
        } catch (AuthJsonException e) {
            return Json.error(400, e.getMessage());
        }
    }

    @POST
    @Path("{id}/pause")
    public Response pause(@PathParam("id") String id, @Context ContainerRequestContext request,
                          @Context ServerRequest server) {
        return actions.pause(id, audit.actor(request, server)) ? current(id) : notFound();
    }

    @POST
    @Path("{id}/resume")
    public Response resume(@PathParam("id") String id, @Context ContainerRequestContext request,
                          @Context ServerRequest server) {
        return actions.resume(id, audit.actor(request, server)) ? current(id) : notFound();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context ContainerRequestContext request,
                           @Context ServerRequest server) {
        return actions.delete(id, audit.actor(request, server)) ? Response.noContent().build() : notFound();
    }

    private Response current(String id) {
        return Json.ok(queries.find(id).orElseThrow().json());
    }

    private static Response notFound() {
        return Json.error(404, "no such account");
    }
}
