package io.codexpool.admin.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The fields of a posted form, URL-encoded or multipart, read once by the admin access filter so that both the
 * CSRF check and the resource see the same values.
 */
public record FormData(Map<String, List<String>> fields, Map<String, byte[]> files) {
    public static final FormData EMPTY = new FormData(Map.of(), Map.of());

    /** The first value of a field, or an empty string: forms send empty fields as empty strings anyway. */
    public String value(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    /** The uploaded file's bytes; an empty array when no file was chosen. */
    public byte[] file(String name) {
        return files.getOrDefault(name, new byte[0]);
    }

    public String fileText(String name) {
        return new String(file(name), StandardCharsets.UTF_8);
    }
}
