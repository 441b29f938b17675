package io.codexpool.admin.requestlogs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.web.Json;
import io.codexpool.admin.web.QueryNumbers;
import io.codexpool.persistence.requestlogs.LogPosition;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogSearch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/admin/request-logs?accountId&apiKeyId&model&status&from&to&q&limit&before|after}: newest first;
 * limit 1–500 (default 50). {@code older} / {@code newer} in the reply are the positions to pass as {@code before} / {@code after}
 * for the next page in that direction (null: nothing there). {@code total} is exact up to 10,000
 * ({@code totalExact}); above, it is 10,000 and {@code totalExact} is false; a text search is not counted beyond
 * its page (see {@link LogPage#total}). The old {@code offset} still works up to
 * 10,000.
 */
@Path("/api/admin/request-logs")
@ApplicationScoped
public class RequestLogsApi {
    static final int MAX_OFFSET = 10_000;

    private final RequestLogSearch search;

    @Inject
    public RequestLogsApi(RequestLogSearch search) {
        this.search = search;
    }

    @GET
    public Response list(@BeanParam LogFilterQuery filter,
                         @QueryParam("limit") String limitText, @QueryParam("offset") String offsetText,
                         @QueryParam("before") String before, @QueryParam("after") String after) {
        LogListRequest request = filter.parse(before, after, Instant.now());
        if (!request.valid()) {
            return request.firstErrorAsJson();
        }
        Integer limit = QueryNumbers.integer(limitText, 50);
        if (limit == null || limit < 1 || limit > 500) {
            return Json.error(400, "limit must be a whole number from 1 to 500", "limit");
        }
        Integer offset = QueryNumbers.integer(offsetText, 0);
        if (offset == null || offset < 0 || offset > MAX_OFFSET) {
            return Json.error(400, "offset must be a whole number from 0 to " + MAX_OFFSET
                    + "; page further with before", "offset");
        }
        if (offset > 0 && (request.before() != null || request.after() != null)) {
            return Json.error(400, "offset cannot be combined with before or after", "offset");
        }
        LogPage page = offset > 0 ? offsetPage(request, offset, limit) : LogPage.read(search, request, limit);
        RequestLogSearch.Count total = page.total(search, request.filter());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total.count());
        body.put("totalExact", total.exact());
        body.put("limit", limit);
        body.put("older", page.older() == null ? null : page.older().token());
        body.put("newer", page.newer() == null ? null : page.newer().token());
        body.put("requestLogs", page.rows().stream().map(RequestLogView::json).toList());
        return Json.ok(body);
    }

    private LogPage offsetPage(LogListRequest request, int offset, int limit) {
        List<RequestLog> rows = search.skipping(request.filter(), offset, limit + 1);
        boolean more = rows.size() > limit;
        List<RequestLog> shown = more ? rows.subList(0, limit) : rows;
        return new LogPage(shown, more ? LogPosition.of(shown.getLast()) : null,
                shown.isEmpty() ? null : LogPosition.of(shown.getFirst()));
    }
}
