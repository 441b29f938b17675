package io.codexpool.admin.web;

import jakarta.ws.rs.core.Response;

/** Whole numbers from query parameters (limits, offsets, page numbers), read the same way on every list. */
public final class QueryNumbers {
    private static final int MAX_PAGE = 100_000;
    private static final int MAX_LIMIT = 500;

    private QueryNumbers() {
    }

    /** The number, {@code fallback} when blank, or null when it is not a whole number. */
    public static Integer integer(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The 400 answer for a JSON list whose limit is not a whole number from 1 to 500 or whose offset is not one of
     * 0 or more (each null when its text was not a number); null when both are fine.
     */
    public static Response refuseListWindow(Integer limit, Integer offset) {
        if (limit == null || limit < 1 || limit > MAX_LIMIT) {
            return Json.error(400, "limit must be a whole number from 1 to " + MAX_LIMIT, "limit");
        }
        if (offset == null || offset < 0) {
            return Json.error(400, "offset must be a whole number, 0 or more", "offset");
        }
        return null;
    }

    /** A page number from 1 up; anything else (blank, not a number, below 1) is page 1. */
    public static int pageNumber(String text) {
        Integer page = integer(text, 1);
        return page == null ? 1 : Math.max(1, Math.min(MAX_PAGE, page));
    }
}
