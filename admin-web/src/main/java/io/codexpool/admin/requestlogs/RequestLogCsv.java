package io.codexpool.admin.requestlogs;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

import io.codexpool.persistence.requestlogs.RequestLog;

/**
 * Request-log rows as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks
 * quoted). A text field starting with {@code = + - @} gets a leading apostrophe, so a spreadsheet shows an error
 * message such as {@code =cmd|...} instead of running it as a formula.
 */
final class RequestLogCsv {
    private final Writer writer;

    RequestLogCsv(Writer writer) {
        this.writer = writer;
    }

    void header() throws IOException {
        line(RequestLogView.json(new RequestLog()).keySet().toArray());
    }

    void row(RequestLog log) throws IOException {
        Map<String, Object> fields = RequestLogView.json(log);
        line(fields.values().toArray());
    }

    private void line(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(field(values[i]));
        }
        writer.write("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (value instanceof String && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
