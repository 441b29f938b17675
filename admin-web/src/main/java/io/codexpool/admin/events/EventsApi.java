package io.codexpool.admin.events;

import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.admin.web.Json;
import io.codexpool.admin.web.QueryNumbers;
import io.codexpool.persistence.events.EventRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/admin/events?category&action&from&to&q&limit&offset}: the events and audit log, newest first; limit
 * 1–500 (default 50).
 */
@Path("/api/admin/events")
@ApplicationScoped
public class EventsApi {
    private final EventRepository events;

    @Inject
    public EventsApi(EventRepository events) {
        this.events = events;
    }

    @GET
    public Response list(@QueryParam("category") String category, @QueryParam("action") String action,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("q") String text,
                         @QueryParam("limit") String limitText, @QueryParam("offset") String offsetText) {
        EventQuery query = EventQuery.of(category, action, from, to, text);
        if (!query.valid()) {
            Map.Entry<String, String> first = query.errors().entrySet().iterator().next();
            return Json.error(400, first.getValue(), first.getKey());
        }
        Integer limit = QueryNumbers.integer(limitText, 50);
        Integer offset = QueryNumbers.integer(offsetText, 0);
        Response refused = QueryNumbers.refuseListWindow(limit, offset);
        if (refused != null) {
            return refused;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", events.count(query.filter()));
        body.put("limit", limit);
        body.put("offset", offset);
        body.put("events", events.find(query.filter(), limit, offset).stream().map(EventView::json).toList());
        return Json.ok(body);
    }
}
