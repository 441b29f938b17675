package io.codexpool.admin.web;

import java.util.Map;

/** Page numbers of a list page shown 1..n with "previous" and "next" links that keep the page's filters. */
public record Pager(int page, long pageCount, String prevLink, String nextLink) {

    /**
     * @param path        the list page's path
     * @param filterQuery the page's filters as a query string, empty when there are none
     */
    public static Pager of(String path, String filterQuery, int page, long total, int pageSize) {
        long pageCount = Math.max(1, (total + pageSize - 1) / pageSize);
        String base = path + "?" + (filterQuery.isEmpty() ? "" : filterQuery + "&") + "page=";
        return new Pager(page, pageCount, page > 1 ? base + (page - 1) : null,
                page < pageCount ? base + (page + 1) : null);
    }

    /** Puts {@code page}, {@code pageCount}, {@code prevLink} and {@code nextLink}, the names the pager markup reads. */
    public void addTo(Map<String, Object> model) {
        model.put("page", page);
        model.put("pageCount", pageCount);
        model.put("prevLink", prevLink);
        model.put("nextLink", nextLink);
    }
}
