package io.codexpool.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** The filters that are set, as a query string (empty when none is). */
    public static String query(Map<String, String> form) {
        return form.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
