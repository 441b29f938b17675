package io.codexpool.admin.sticky;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.FormData;
import io.codexpool.admin.web.Pages;
import io.codexpool.admin.web.QueryNumbers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The sticky-sessions page: filter, delete one, delete everything filtered, purge stale. */
@Path("/admin/sticky-sessions")
@ApplicationScoped
public class StickySessionsResource {
    static final int PAGE_SIZE = 50;

    private final StickySessions sticky;
    private final Pages pages;

    @Inject
    public StickySessionsResource(StickySessions sticky, Pages pages) {
        this.sticky = sticky;
        this.pages = pages;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @QueryParam("kind") String kind,
                         @QueryParam("account") String account, @QueryParam("key") String key,
                         @QueryParam("stale") String stale, @QueryParam("page") String pageText) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("kind", kind == null ? "" : kind);
        form.put("account", account == null ? "" : account);
        form.put("key", key == null ? "" : key);
        form.put("stale", stale == null || stale.isBlank() ? "" : "on");
        int page = QueryNumbers.pageNumber(pageText);
        StickyQuery query = new StickyQuery(kind, account, key, !form.get("stale").isEmpty());
        Map<String, Object> model = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        StickySessions.Page result;
        try {
            result = sticky.find(query, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        } catch (IllegalArgumentException e) {
            errors.put("kind", e.getMessage());
            result = new StickySessions.Page(List.of(), 0);
        }
        long pageCount = Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        String queryString = form.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        model.put("form", form);
        model.put("errors", errors);
        model.put("rows", result.rows());
        model.put("total", result.total());
        model.put("page", page);
        model.put("pageCount", pageCount);
        model.put("filtered", !query.isEmpty());
        model.put("prevLink", page > 1 ? link(queryString, page - 1) : null);
        model.put("nextLink", page < pageCount ? link(queryString, page + 1) : null);
        model.put("accounts", sticky.accounts());
        return pages.render(request, errors.isEmpty() ? 200 : 400, "sticky/list", model);
    }

    @POST
    @Path("delete")
    public Response deleteOne(@Context ContainerRequestContext request) {
        FormData form = AdminRequest.form(request);
        boolean deleted;
        try {
            deleted = sticky.delete(form.value("kind"), form.value("key"));
        } catch (IllegalArgumentException e) {
            return pages.redirect("/admin/sticky-sessions", "Nothing deleted: " + e.getMessage() + ".");
        }
        return pages.redirect("/admin/sticky-sessions", deleted ? "Deleted the mapping " + form.value("key") + "."
                : "That mapping was already gone.");
    }

    @POST
    @Path("delete-filtered")
    public Response deleteFiltered(@Context ContainerRequestContext request) {
        FormData form = AdminRequest.form(request);
        StickyQuery query = new StickyQuery(form.value("kind"), form.value("account"), form.value("key"),
                !form.value("stale").isEmpty());
        if (query.isEmpty()) {
            return pages.redirect("/admin/sticky-sessions", "Set a filter first: deleting every mapping at once "
                    + "is not offered.");
        }
        int deleted;
        try {
            deleted = sticky.deleteMatching(query);
        } catch (IllegalArgumentException e) {
            return pages.redirect("/admin/sticky-sessions", "Nothing deleted: " + e.getMessage() + ".");
        }
        return pages.redirect("/admin/sticky-sessions", "Deleted " + deleted + " mapping(s).");
    }

    @POST
    @Path("purge-stale")
    public Response purgeStale() {
        return pages.redirect("/admin/sticky-sessions", "Purged " + sticky.purgeStale() + " stale mapping(s).");
    }

    private static String link(String query, int page) {
        return "/admin/sticky-sessions?" + (query.isEmpty() ? "" : query + "&") + "page=" + page;
    }
}
