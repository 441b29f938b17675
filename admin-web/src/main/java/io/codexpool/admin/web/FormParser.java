package io.codexpool.admin.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code application/x-www-form-urlencoded} and {@code multipart/form-data} bodies. */
public final class FormParser {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern PART_NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

    private FormParser() {
    }

    public static FormData parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase();
        if (type.startsWith("multipart/form-data")) {
            Matcher boundary = BOUNDARY.matcher(contentType);
            return boundary.find() ? multipart(body, boundary.group(1)) : FormData.EMPTY;
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return urlEncoded(new String(body, StandardCharsets.UTF_8));
        }
        return FormData.EMPTY;
    }

    private static FormData urlEncoded(String body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return new FormData(fields, Map.of());
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape is kept as typed rather than failing the whole form
        }
    }

    private static FormData multipart(byte[] body, String boundary) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int headersStart = start + delimiter.length;
            if (headersStart + 2 > body.length || (body[headersStart] == '-' && body[headersStart + 1] == '-')) {
                break;
            }
            headersStart += 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            int next = indexOf(body, delimiter, headersStart);
            if (headersEnd < 0 || next < 0) {
                break;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, next - 2));
            Matcher name = PART_NAME.matcher(headers);
            if (name.find()) {
                if (FILE_NAME.matcher(headers).find()) {
                    files.put(name.group(1), content);
                } else {
                    fields.computeIfAbsent(name.group(1), key -> new ArrayList<>())
                            .add(new String(content, StandardCharsets.UTF_8));
                }
            }
            start = next;
        }
        return new FormData(fields, files);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
