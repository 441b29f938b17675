package io.codexpool.admin.requestlogs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogSearch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code GET /api/admin/request-logs.csv?accountId&apiKeyId&model&status&from&to&q}: every row of the filtered list as CSV,
 * newest first, streamed as it is read (a chunk of rows at a time), so memory stays the same for ten rows or ten
 * million. The columns are the JSON API's fields.
 */
@Path("/api/admin/request-logs.csv")
@ApplicationScoped
public class RequestLogsCsvApi {
    private final RequestLogSearch search;

    @Inject
    public RequestLogsCsvApi(RequestLogSearch search) {
        this.search = search;
    }

    @GET
    public Response export(@BeanParam LogFilterQuery filter) {
        LogListRequest request = filter.parse(null, null, Instant.now());
        if (!request.valid()) {
            return request.firstErrorAsJson();
        }
        StreamingOutput body = output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            write(search, request.filter(), writer);
            writer.flush();
        };
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"request-logs.csv\"")
                .build();
    }

    /** Writes the header and every matching row; public for the bounded-memory test, which runs it in a small JVM. */
    public static void write(RequestLogSearch search, RequestLogFilter filter, Writer writer) throws IOException {
        RequestLogCsv csv = new RequestLogCsv(writer);
        csv.header();
        try {
            search.forEach(filter, row -> {
                try {
                    csv.row(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
