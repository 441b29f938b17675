package io.codexpool.admin.requestlogs;

import java.util.ArrayList;
import java.util.List;

import io.codexpool.persistence.requestlogs.LogPosition;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogSearch;

/**
 * One page of the newest-first request-log list, read by keyset, with the positions its "older" and "newer" links
 * carry (null when there is nothing in that direction). Reading one row more than the page shows tells whether the
 * direction of travel goes on; the way back always does, except from the newest page.
 */
record LogPage(List<RequestLog> rows, LogPosition older, LogPosition newer) {
    /** Totals up to this are counted exactly; above it the list says "more than". */
    static final int COUNT_LIMIT = 10_000;

    static LogPage read(RequestLogSearch search, LogListRequest request, int size) {
        if (request.after() != null) {
            List<RequestLog> rows = new ArrayList<>(search.newer(request.filter(), request.after(), size + 1));
            boolean moreNewer = rows.size() > size;
            if (moreNewer) {
                rows.removeFirst();
            }
            return new LogPage(rows, rows.isEmpty() ? request.after() : LogPosition.of(rows.getLast()),
                    moreNewer ? LogPosition.of(rows.getFirst()) : null);
        }
        List<RequestLog> rows = new ArrayList<>(search.older(request.filter(), request.before(), size + 1));
        boolean moreOlder = rows.size() > size;
        if (moreOlder) {
            rows.removeLast();
        }
        LogPosition newer = request.before() == null ? null
                : rows.isEmpty() ? request.before() : LogPosition.of(rows.getFirst());
        return new LogPage(rows, moreOlder ? LogPosition.of(rows.getLast()) : null, newer);
    }

    /**
     * How many rows match: counted up to {@link #COUNT_LIMIT}, except for a text search, whose count would read its
     * whole time range a second time; there the page itself says it (exact when it holds every match, else "more
     * than" the rows shown).
     */
    RequestLogSearch.Count total(RequestLogSearch search, RequestLogFilter filter) {
        if (filter.text() != null && !filter.text().isBlank()) {
            return new RequestLogSearch.Count(rows.size(), older == null && newer == null);
        }
        return search.count(filter, COUNT_LIMIT);
    }
}
