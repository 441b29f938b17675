package io.codexpool.admin.web;

/** Whole numbers from query parameters (limits, offsets, page numbers), read the same way on every list. */
public final class QueryNumbers {
    private static final int MAX_PAGE = 100_000;

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

    /** A page number from 1 up; anything else (blank, not a number, below 1) is page 1. */
    public static int pageNumber(String text) {
        Integer page = integer(text, 1);
        return page == null ? 1 : Math.max(1, Math.min(MAX_PAGE, page));
    }
}
