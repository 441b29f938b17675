package io.codexpool.admin.requestlogs;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.accounts.AccountQueries;
import io.codexpool.admin.web.FilterForm;
import io.codexpool.admin.web.Pages;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.requestlogs.LogPosition;
import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogSearch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * The request-log page: newest first, 50 a page, "older" and "newer" links that carry the position of the page's
 * edge (keyset), filters in the query string so every view can be bookmarked, and a CSV link for the filtered view.
 */
@Path("/admin/request-logs")
@ApplicationScoped
public class RequestLogsResource {
    static final int PAGE_SIZE = 50;

    private final RequestLogSearch search;
    private final AccountQueries accounts;
    private final ApiKeyNames apiKeys;
    private final Pages pages;

    @Inject
    public RequestLogsResource(RequestLogSearch search, AccountQueries accounts, ApiKeyNames apiKeys, Pages pages) {
        this.search = search;
        this.accounts = accounts;
        this.apiKeys = apiKeys;
        this.pages = pages;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @QueryParam("before") String before,
                         @QueryParam("after") String after) {
        Map<String, String> form = FilterForm.read(request, "account", "key", "model", "status", "from", "to", "q");
        LogListRequest parsed = LogListRequest.parse(form.get("account"), form.get("key"), form.get("model"),
                form.get("status"), form.get("from"), form.get("to"), form.get("q"), before, after, Instant.now());
        LogPage page = parsed.valid() ? LogPage.read(search, parsed, PAGE_SIZE) : new LogPage(List.of(), null, null);
        RequestLogSearch.Count total = parsed.valid() ? page.total(search, parsed.filter())
                : new RequestLogSearch.Count(0, true);
        String query = FilterForm.query(form);
        Map<String, Object> view = new HashMap<>();
        view.put("form", form);
        view.put("errors", parsed.errors());
        view.put("rows", page.rows());
        view.put("total", total);
        view.put("searchWindowHours", RequestLogFilter.SEARCH_WINDOW.toHours());
        view.put("newestLink", page.newer() == null ? null
                : "/admin/request-logs" + (query.isEmpty() ? "" : "?" + query));
        view.put("newerLink", link(query, "after", page.newer()));
        view.put("olderLink", link(query, "before", page.older()));
        view.put("csvLink", "/api/admin/request-logs.csv" + csvQuery(form));
        view.put("accounts", FilterForm.choices(accounts.all(), Account::getId, Account::label));
        view.put("apiKeys", apiKeys.byId());
        return pages.render(request, parsed.valid() ? 200 : 400, "requestlogs/list", view);
    }

    /** The same filters under the API's names ({@code accountId}, {@code apiKeyId}). */
    private static String csvQuery(Map<String, String> form) {
        Map<String, String> api = new LinkedHashMap<>(form);
        api.put("accountId", api.remove("account"));
        api.put("apiKeyId", api.remove("key"));
        String query = FilterForm.query(api);
        return query.isEmpty() ? "" : "?" + query;
    }

    private static String link(String query, String direction, LogPosition position) {
        return position == null ? null
                : "/admin/request-logs?" + (query.isEmpty() ? "" : query + "&") + direction + "=" + position.token();
    }
}
