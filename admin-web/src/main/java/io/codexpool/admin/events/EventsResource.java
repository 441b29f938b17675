package io.codexpool.admin.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.web.FilterForm;
import io.codexpool.admin.web.Pager;
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
    public Response list(@Context ContainerRequestContext request, @QueryParam("page") String pageText) {
        Map<String, String> form = FilterForm.read(request, "category", "from", "to", "q");
        EventQuery query = EventQuery.of(form.get("category"), null, form.get("from"), form.get("to"),
                form.get("q"));
        int page = QueryNumbers.pageNumber(pageText);
        List<Event> rows = List.of();
        long total = 0;
        if (query.valid()) {
            total = events.count(query.filter());
            rows = events.find(query.filter(), PAGE_SIZE, (page - 1) * PAGE_SIZE);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("errors", query.errors());
        model.put("categories", FilterForm.choices(EventQuery.CATEGORIES));
        model.put("rows", rows);
        model.put("total", total);
        Pager.of("/admin/events", FilterForm.query(form), page, total, PAGE_SIZE).addTo(model);
        return pages.render(request, query.valid() ? 200 : 400, "events/list", model);
    }
}
