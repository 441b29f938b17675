package io.codexpool.proxy.api;

import java.io.IOException;
import java.io.OutputStream;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.proxy.replies.HttpAnswer;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.message.internal.HttpHeaderReader;

/**
 * Serves the POSTs of the turn routes ({@link PostRoute#ALL}) straight on Helidon's routing, ahead of JAX-RS: Jersey's
 * server runtime (request scope, matching, injection, filters, entity providers) was a fifth of the service's CPU per
 * CPU-bound stream. Helidon MP registers CDI beans that are {@link HttpService}s before its JAX-RS applications.
 * Only POSTs on the exact paths come here; other methods, a WebSocket upgrade (taken by Helidon before routing) and
 * requests with headers only Jersey would refuse go on to the JAX-RS resources, which answer them as before.
 */
@ApplicationScoped
public class PostTurnService implements HttpService {
    private final HttpTurns turns;

    @Inject
    public PostTurnService(HttpTurns turns) {
        this.turns = turns;
    }

    @Override
    public void routing(HttpRules rules) {
        for (PostRoute route : PostRoute.ALL) {
            rules.post(route.route().path(), (request, response) -> serve(route, request, response));
        }
    }

    private void serve(PostRoute route, ServerRequest request, ServerResponse response) throws IOException {
        if (!jerseyReads(request)) {
            response.next();
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : request.headers()) {
            headers.put(header.headerName().lowerCase(), header.allValues());
        }
        long length = request.headers().contentLength().orElse(-1);
        write(turns.answer(route, headers, request.content().inputStream(), length), response);
    }

    private static void write(HttpAnswer answer, ServerResponse response) throws IOException {
        response.status(Status.create(answer.status()));
        answer.headers().forEach(response::header);
        if (answer.contentType() != null) {
            response.header(HeaderNames.CONTENT_TYPE, answer.contentType());
        }
        if (answer.json() != null) {
            response.send(answer.json());
        } else if (answer.stream() != null) {
            try (OutputStream out = response.outputStream()) {
                answer.stream().writeTo(out);
            }
        } else {
            response.send();
        }
    }

    /**
     * Whether Jersey could read the headers it parses while it matches a resource method ({@code Accept},
     * {@code Content-Type}); it answers a request with one it cannot with 400, so such a request is passed on to it.
     */
    private static boolean jerseyReads(ServerRequest request) {
        List<String> accept = request.headers().all(HeaderNames.ACCEPT, List::of);
        List<String> contentType = request.headers().all(HeaderNames.CONTENT_TYPE, List::of);
        try {
            if (!accept.isEmpty()) {
                HttpHeaderReader.readAcceptMediaType(String.join(",", accept));
            }
            if (contentType.size() > 1) {
                return false;
            }
            if (!contentType.isEmpty()) {
                MediaType.valueOf(contentType.getFirst());
            }
            return true;
        } catch (ParseException | IllegalArgumentException e) {
            return false;
        }
    }
}
