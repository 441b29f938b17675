package io.codexpool.admin.events;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.codexpool.admin.web.Pages;
import io.codexpool.admin.web.QueryNumbers;
import io.codexpool.persistence.events.Event;
import io.codexpool.persistence.events.EventRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The events page: admin actions, alerts and webhook deliveries, newest first, filtered, 50 a page. */
@Path("/admin/events")
@ApplicationScoped
public class EventsResource {
    static final int PAGE_SIZE = 50;

    private final EventRepository events;
    private final Pages pages;

    @Inject
    public EventsResource(EventRepository events, Pages pages) {
        this.events = events;
        this.pages = pages;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @QueryParam("category") String category,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("q") String text, @QueryParam("page") String pageText) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("category", category == null ? "" : category);
        form.put("from", from == null ? "" : from);
        form.put("to", to == null ? "" : to);
        form.put("q", text == null ? "" : text);
        EventQuery query = EventQuery.of(category, null, from, to, text);
        int page = QueryNumbers.pageNumber(pageText);
        List<Event> rows = List.of();
        long total = 0;
        if (query.valid()) {
            total = events.count(query.filter());
            rows = events.find(query.filter(), PAGE_SIZE, (page - 1) * PAGE_SIZE);
        }
        long pageCount = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("errors", query.errors());
        model.put("categories", EventQuery.CATEGORIES);
        model.put("rows", rows);
        model.put("total", total);
        model.put("page", page);
        model.put("pageCount", pageCount);
        model.put("prevLink", page > 1 ? link(form, page - 1) : null);
        model.put("nextLink", page < pageCount ? link(form, page + 1) : null);
        return pages.render(request, query.valid() ? 200 : 400, "events/list", model);
    }

    private static String link(Map<String, String> form, int page) {
        return "/admin/events?" + form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")) + "&page=" + page;
    }
}
