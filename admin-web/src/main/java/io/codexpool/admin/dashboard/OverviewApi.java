package io.codexpool.admin.dashboard;

import io.codexpool.admin.web.Json;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/admin/overview}: the dashboard's numbers as JSON. */
@Path("/api/admin/overview")
@ApplicationScoped
public class OverviewApi {
    private final Overview overview;

    @Inject
    public OverviewApi(Overview overview) {
        this.overview = overview;
    }

    @GET
    public Response overview() {
        return Json.ok(Overview.json(overview.snapshot()));
    }
}
