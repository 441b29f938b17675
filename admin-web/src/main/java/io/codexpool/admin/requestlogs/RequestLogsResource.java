package io.codexpool.admin.requestlogs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.codexpool.admin.web.Pages;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The request-log page: newest first, 50 a page, filters in the query string so every view can be bookmarked. */
@Path("/admin/request-logs")
@ApplicationScoped
public class RequestLogsResource {
    static final int PAGE_SIZE = 50;

    private final RequestLogRepository logs;
    private final AccountRepository accounts;
    private final ApiKeyNames apiKeys;
    private final Pages pages;

    @Inject
    public RequestLogsResource(RequestLogRepository logs, AccountRepository accounts, ApiKeyNames apiKeys,
                               Pages pages) {
        this.logs = logs;
        this.accounts = accounts;
        this.apiKeys = apiKeys;
        this.pages = pages;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @QueryParam("account") String account,
                         @QueryParam("key") String apiKey,
                         @QueryParam("model") String model, @QueryParam("status") String status,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("q") String text,
                         @QueryParam("page") String pageText) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("account", blank(account));
        form.put("key", blank(apiKey));
        form.put("model", blank(model));
        form.put("status", blank(status));
        form.put("from", blank(from));
        form.put("to", blank(to));
        form.put("q", blank(text));
        Map<String, String> errors = new HashMap<>();
        Instant fromTime = time("from", from, errors);
        Instant toTime = time("to", to, errors);
        int page = pageNumber(pageText);
        RequestLogFilter filter = new RequestLogFilter(account, model, status, fromTime, toTime, text, apiKey);
        long total = errors.isEmpty() ? logs.count(filter) : 0;
        List<RequestLog> rows = errors.isEmpty() ? logs.find(filter, (page - 1) * PAGE_SIZE, PAGE_SIZE) : List.of();
        long pageCount = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        String query = form.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        Map<String, Object> view = new HashMap<>();
        view.put("form", form);
        view.put("errors", errors);
        view.put("rows", rows);
        view.put("total", total);
        view.put("page", page);
        view.put("pageCount", pageCount);
        view.put("prevLink", page > 1 ? link(query, page - 1) : null);
        view.put("nextLink", page < pageCount ? link(query, page + 1) : null);
        view.put("accounts", accounts.findAll());
        view.put("apiKeys", apiKeys.byId());
        return pages.render(request, errors.isEmpty() ? 200 : 400, "requestlogs/list", view);
    }

    private static String link(String query, int page) {
        return "/admin/request-logs?" + (query.isEmpty() ? "" : query + "&") + "page=" + page;
    }

    private static Instant time(String field, String value, Map<String, String> errors) {
        try {
            return TimeInput.parse(field, value);
        } catch (IllegalArgumentException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    private static int pageNumber(String text) {
        try {
            return Math.max(1, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }
}
