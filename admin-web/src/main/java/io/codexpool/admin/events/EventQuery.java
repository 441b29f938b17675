package io.codexpool.admin.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.web.TimeInput;
import io.codexpool.persistence.events.Event;
import io.codexpool.persistence.events.EventFilter;

/**
 * The events filters as typed in (page) or sent (API): category, action, time range (UTC) and free text. Invalid
 * values get a message under their name.
 */
public final class EventQuery {
    static final List<String> CATEGORIES = List.of(Event.ADMIN, Event.ALERT, Event.DELIVERY);
    private static final int MAX_TEXT = 200;

    private final Map<String, String> errors = new LinkedHashMap<>();
    private final EventFilter filter;

    private EventQuery(String category, String action, String from, String to, String text) {
        if (category != null && !category.isBlank() && !CATEGORIES.contains(category.strip())) {
            errors.put("category", "category must be one of " + String.join(", ", CATEGORIES));
        }
        if (action != null && action.length() > 64 || text != null && text.length() > MAX_TEXT) {
            errors.put(action != null && action.length() > 64 ? "action" : "q", "Search for at most "
                    + MAX_TEXT + " characters.");
        }
        Instant fromTime = time("from", from);
        Instant toTime = time("to", to);
        this.filter = new EventFilter(blankToNull(category), blankToNull(action), fromTime, toTime,
                blankToNull(text));
    }

    public static EventQuery of(String category, String action, String from, String to, String text) {
        return new EventQuery(category, action, from, to, text);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public Map<String, String> errors() {
        return errors;
    }

    public EventFilter filter() {
        return filter;
    }

    private Instant time(String field, String value) {
        try {
            return TimeInput.parse(field, value);
        } catch (IllegalArgumentException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
