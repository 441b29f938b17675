package io.codexpool.admin.sticky;

import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.admin.web.Json;
import io.codexpool.admin.web.QueryNumbers;

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
                         @QueryParam("limit") String limitText, @QueryParam("offset") String offsetText) {
        // read as text: a number past int's range must get the 400, not the framework's empty 404
        Integer size = QueryNumbers.integer(limitText, 50);
        Integer from = QueryNumbers.integer(offsetText, 0);
        Response refused = QueryNumbers.refuseListWindow(size, from);
        if (refused != null) {
            return refused;
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
