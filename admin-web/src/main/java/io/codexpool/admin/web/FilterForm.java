package io.codexpool.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

/** The filters of a list page as typed into its GET form, so the page can show them again and keep them in links. */
public final class FilterForm {
    private FilterForm() {
    }

    /** The named query parameters in the given order, "" where one is absent. */
    public static Map<String, String> read(ContainerRequestContext request, String... names) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        Map<String, String> form = new LinkedHashMap<>();
        for (String name : names) {
            String value = query.getFirst(name);
            form.put(name, value == null ? "" : value);
        }
        return form;
    }

    /** The choices of a filter's select, in list order: each value mapped to the text shown for it. */
    public static <T> Map<String, String> choices(List<T> items, Function<T, String> value, Function<T, String> text) {
        Map<String, String> choices = new LinkedHashMap<>();
        items.forEach(item -> choices.put(value.apply(item), text.apply(item)));
        return choices;
    }

    /** Choices shown as their values. */
    public static Map<String, String> choices(List<String> values) {
        return choices(values, Function.identity(), Function.identity());
    }

    /** The filters that are set, as a query string (empty when none is). */
    public static String query(Map<String, String> form) {
        return form.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
