package io.codexpool.admin.sticky;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.FilterForm;
import io.codexpool.admin.web.FormData;
import io.codexpool.admin.web.Pager;
import io.codexpool.admin.web.Pages;
import io.codexpool.admin.web.QueryNumbers;
import io.codexpool.persistence.accounts.Account;

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
    private static final List<String> KINDS = List.of("codex_session", "prompt_cache", "sticky_thread");

    private final StickySessions sticky;
    private final Pages pages;

    @Inject
    public StickySessionsResource(StickySessions sticky, Pages pages) {
        this.sticky = sticky;
        this.pages = pages;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @QueryParam("page") String pageText) {
        Map<String, String> form = FilterForm.read(request, "kind", "account", "key", "stale");
        form.put("stale", form.get("stale").isBlank() ? "" : "on");
        int page = QueryNumbers.pageNumber(pageText);
        StickyQuery query = new StickyQuery(form.get("kind"), form.get("account"), form.get("key"),
                !form.get("stale").isEmpty());
        Map<String, Object> model = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        StickySessions.Page result;
        try {
            result = sticky.find(query, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        } catch (IllegalArgumentException e) {
            errors.put("kind", e.getMessage());
            result = new StickySessions.Page(List.of(), 0);
        }
        model.put("form", form);
        model.put("errors", errors);
        model.put("rows", result.rows());
        model.put("total", result.total());
        model.put("filtered", !query.isEmpty());
        Pager.of("/admin/sticky-sessions", FilterForm.query(form), page, result.total(), PAGE_SIZE).addTo(model);
        model.put("accounts", FilterForm.choices(sticky.accounts(), Account::getId, Account::label));
        model.put("kinds", FilterForm.choices(KINDS));
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
}
