package io.codexpool.admin.sticky;

import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.admin.web.Json;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/admin/sticky-sessions?kind&accountId&key&staleOnly&limit&offset}, {@code DELETE .../{kind}/{key}}. */
@Path("/api/admin/sticky-sessions")
@ApplicationScoped
public class StickySessionsApi {
    private final StickySessions sticky;

    @Inject
    public StickySessionsApi(StickySessions sticky) {
        this.sticky = sticky;
    }

    @GET
    public Response list(@QueryParam("kind") String kind, @QueryParam("accountId") String accountId,
                         @QueryParam("key") String key, @QueryParam("staleOnly") boolean staleOnly,
                         @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        int size = limit == null ? 50 : limit;
        int from = offset == null ? 0 : offset;
        if (size < 1 || size > 500) {
            return Json.error(400, "limit must be from 1 to 500", "limit");
        }
        if (from < 0) {
            return Json.error(400, "offset must be 0 or more", "offset");
        }
        try {
            StickySessions.Page page = sticky.find(new StickyQuery(kind, accountId, key, staleOnly), from, size);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", page.total());
            body.put("limit", size);
            body.put("offset", from);
            body.put("stickySessions", page.rows().stream().map(StickyRow::json).toList());
            return Json.ok(body);
        } catch (IllegalArgumentException e) {
            return Json.error(400, e.getMessage(), "kind");
        }
    }

    @DELETE
    @Path("{kind}/{key}")
    public Response delete(@PathParam("kind") String kind, @PathParam("key") String key) {
        try {
            return sticky.delete(kind, key) ? Response.noContent().build() : Json.error(404, "no such mapping");
        } catch (IllegalArgumentException e) {
            return Json.error(400, e.getMessage(), "kind");
        }
    }
}
