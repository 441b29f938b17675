package io.codexpool.admin.requestlogs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.admin.web.Json;
import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/admin/request-logs?accountId&apiKeyId&model&status&from&to&q&limit&offset}: newest first; limit 1–500
 * (default 50).
 */
@Path("/api/admin/request-logs")
@ApplicationScoped
public class RequestLogsApi {
    private final RequestLogRepository logs;

    @Inject
    public RequestLogsApi(RequestLogRepository logs) {
        this.logs = logs;
    }

    @GET
    public Response list(@QueryParam("accountId") String accountId, @QueryParam("apiKeyId") String apiKeyId,
                         @QueryParam("model") String model,
                         @QueryParam("status") String status, @QueryParam("from") String from,
                         @QueryParam("to") String to, @QueryParam("q") String text,
                         @QueryParam("limit") String limitText, @QueryParam("offset") String offsetText) {
        Instant fromTime;
        Instant toTime;
        try {
            fromTime = TimeInput.parse("from", from);
            toTime = TimeInput.parse("to", to);
        } catch (IllegalArgumentException e) {
            return Json.error(400, e.getMessage(), e.getMessage().startsWith("from") ? "from" : "to");
        }
        Integer limit = integer(limitText, 50);
        if (limit == null || limit < 1 || limit > 500) {
            return Json.error(400, "limit must be a whole number from 1 to 500", "limit");
        }
        Integer offset = integer(offsetText, 0);
        if (offset == null || offset < 0) {
            return Json.error(400, "offset must be a whole number, 0 or more", "offset");
        }
        RequestLogFilter filter = new RequestLogFilter(accountId, model, status, fromTime, toTime, text,
                apiKeyId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", logs.count(filter));
        body.put("limit", limit);
        body.put("offset", offset);
        body.put("requestLogs", logs.find(filter, offset, limit).stream().map(RequestLogView::json).toList());
        return Json.ok(body);
    }

    private static Integer integer(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
