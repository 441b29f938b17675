package io.codexpool.admin.reliability;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.codexpool.testing.Poll;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated bodies, headers, query strings and WebSocket frames on every proxy and admin JSON route: never a 5xx,
 * the OpenAI error shape on proxy routes, the admin API's own shape there, and no half-written row afterwards, once
 * every turn sent has its request-log row. Tries are few and bounded, so the suite stays a matter of seconds.
 */
class RouteFuzzTest {
    /**
     * The request ids of the turns sent that must leave a request-log row: each proxy POST the pipeline answered (its
     * answer names the turn in {@code x-request-id}) and each WebSocket frame answered with a frame (its socket's
     * handshake named the turn in {@code x-client-request-id}). An id may come more than once (fuzzed headers).
     */
    private static final Queue<String> TURNS = new ConcurrentLinkedQueue<>();
    /** Request lines this long and longer are refused by Helidon's HTTP/1.1 layer (measured: 4,095 characters pass). */
    private static final int MAX_REQUEST_LINE = 4096;

    private static final List<String> PROXY_POSTS = List.of("/v1/responses", "/v1/responses/compact",
            "/v1/chat/completions", "/backend-api/codex/responses", "/backend-api/codex/responses/compact");
    private static final List<String> PROXY_GETS = List.of("/v1/models", "/backend-api/codex/models");

    @Property(tries = 80, shrinking = ShrinkingMode.BOUNDED)
    void proxyRoutesNeverAnswer5xxAndAnswerErrorsInTheOpenAiShape(@ForAll("proxyPosts") String route,
                                                                  @ForAll("bodies") String body,
                                                                  @ForAll("headers") Map<String, String> headers)
            throws Exception {
        FuzzedService service = FuzzedService.get();
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(route))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = service.send(request);
        response.headers().firstValue("x-request-id").ifPresent(TURNS::add);
        assertProxyAnswer(response, route + " " + body + " " + headers);
    }

    @Property(tries = 20, shrinking = ShrinkingMode.BOUNDED)
    void proxyListsIgnoreOddQueriesAndHeaders(@ForAll("proxyGets") String route, @ForAll("queries") String query,
                                             @ForAll("headers") Map<String, String> headers) throws Exception {
        FuzzedService service = FuzzedService.get();
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(route + query)).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = service.send(request);
        if (!refusedAsTooLong("GET", route + query, response)) {
            assertProxyAnswer(response, route + query);
        }
    }

    @Property(tries = 80, shrinking = ShrinkingMode.BOUNDED)
    void adminJsonRoutesNeverAnswer5xxAndAnswerErrorsInTheirShape(@ForAll("adminCalls") String call,
                                                                   @ForAll("queries") String query,
                                                                   @ForAll("bodies") String body) throws Exception {
        FuzzedService service = FuzzedService.get();
        String method = call.substring(0, call.indexOf(' '));
        String path = call.substring(call.indexOf(' ') + 1);
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(path + (method.equals("GET") ? query : "")))
                .header("Authorization", "Bearer " + FuzzedService.API_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = service.send(request);
        String what = call + query + " " + body;
        if (refusedAsTooLong(method, path + (method.equals("GET") ? query : ""), response)) {
            return;
        }
        assertTrue(response.statusCode() < 500, what + " -> " + response.statusCode() + " " + response.body());
        if (response.statusCode() >= 400) {
            JsonNode error = FuzzValues.JSON.readTree(response.body()).path("error");
            assertTrue(error.path("message").isTextual(), what + " -> " + response.body());
        }
    }

    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED)
    void aWebSocketFrameOfAnyShapeGetsAnAnswerOrAClearClose(@ForAll("frames") String frame) throws Exception {
        FuzzedService service = FuzzedService.get();
        URI uri = URI.create(service.uri("/v1/responses").toString().replaceFirst("^http", "ws"));
        CompletableFuture<String> answer = new CompletableFuture<>();
        String requestId = "fuzz-ws-" + UUID.randomUUID();
        WebSocket socket = service.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header("x-client-request-id", requestId)
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            answer.complete("frame " + text);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        answer.complete("close " + statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        answer.complete("error " + error);
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
            String first = answer.get(30, TimeUnit.SECONDS);
            if (first.startsWith("frame ")) {
                TURNS.add(requestId);
            }
            assertNotEquals("close 1011", first, frame);
            assertFalse(first.startsWith("error"), frame + " -> " + first);
            if (first.startsWith("frame ")) {
                assertTrue(FuzzValues.JSON.readTree(first.substring(6)).path("type").isTextual(), first);
            }
        } finally {
            socket.abort();
        }
    }

    @AfterContainer
    static void noHalfWrittenRows() throws Exception {
        FuzzedService service = FuzzedService.get();
        // rows are written by a background writer, some only once a stream has ended: wait for every turn's row
        Map<String, Integer> expected = counts(List.copyOf(TURNS));
        assertFalse(expected.isEmpty(), "turns were sent");
        Poll.until("the request-log rows of the " + TURNS.size() + " turns sent", Duration.ofSeconds(60),
                () -> missingRows(service, expected), Map::isEmpty);
        assertEquals(0, service.count("SELECT COUNT(*) FROM request_logs WHERE status NOT IN ('success', 'error') "
                + "OR (status = 'success' AND status_code >= 400) OR route = '' OR transport = ''"));
        assertEquals(0, service.count("SELECT COUNT(*) FROM accounts WHERE access_token_enc IS NULL "
                + "OR refresh_token_enc IS NULL OR status = ''"));
        HttpResponse<String> settings = service.send(HttpRequest.newBuilder(service.uri("/api/admin/settings"))
                .header("Authorization", "Bearer " + FuzzedService.API_TOKEN));
        assertEquals(200, settings.statusCode(), settings.body());
    }

    /** The expected ids whose rows are not all written yet, with how many are missing. */
    private static Map<String, Integer> missingRows(FuzzedService service, Map<String, Integer> expected) {
        Map<String, Integer> written = new HashMap<>();
        try (Connection connection = service.database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT request_id FROM request_logs")) {
            while (rows.next()) {
                written.merge(rows.getString(1), 1, Integer::sum);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("request-log query failed", e);
        }
        Map<String, Integer> missing = new HashMap<>();
        expected.forEach((id, count) -> {
            int lacking = count - written.getOrDefault(id, 0);
            if (lacking > 0) {
                missing.put(id, lacking);
            }
        });
        return missing;
    }

    private static Map<String, Integer> counts(List<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        return counts;
    }

    /** Non-2xx answers are JSON {@code {"error":{"message","type","code","param"}}}; a stream ends properly. */
    /**
     * Whether the request line is too long for the HTTP layer: it is then answered 414 before any route sees it, with
     * no body to shape, which this asserts.
     */
    private static boolean refusedAsTooLong(String method, String target, HttpResponse<String> response) {
        if ((method + " " + target + " HTTP/1.1").length() < MAX_REQUEST_LINE) {
            return false;
        }
        assertEquals(414, response.statusCode(), method + " " + target + " -> " + response.body());
        return true;
    }

    private static void assertProxyAnswer(HttpResponse<String> response, String what) throws Exception {
        int status = response.statusCode();
        assertTrue(status < 500, what + " -> " + status + " " + response.body());
        if (status >= 400) {
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    what + " -> " + status + " " + response.headers().map() + " " + response.body());
            JsonNode error = FuzzValues.JSON.readTree(response.body()).path("error");
            assertTrue(error.path("message").isTextual() && error.has("type") && error.has("code")
                    && error.has("param"), what + " -> " + response.body());
        }
    }

    @Provide
    Arbitrary<String> proxyPosts() {
        return Arbitraries.of(PROXY_POSTS);
    }

    @Provide
    Arbitrary<String> proxyGets() {
        return Arbitraries.of(PROXY_GETS);
    }

    @Provide
    Arbitrary<String> adminCalls() {
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMinLength(1)
                .ofMaxLength(40), Arbitraries.of("x", "00000000-0000-0000-0000-000000000000"));
        return Arbitraries.oneOf(
                Arbitraries.of("GET /api/admin/accounts", "POST /api/admin/accounts", "GET /api/admin/settings",
                        "PUT /api/admin/settings", "GET /api/admin/sticky-sessions", "GET /api/admin/request-logs",
                        "GET /api/admin/overview"),
                id.map(x -> "POST /api/admin/accounts/" + x + "/pause"),
                id.map(x -> "POST /api/admin/accounts/" + x + "/resume"),
                id.map(x -> "DELETE /api/admin/accounts/" + x),
                id.map(x -> "DELETE /api/admin/sticky-sessions/" + x + "/" + x),
                id.map(x -> "DELETE /api/admin/sticky-sessions/codex_session/" + x));
    }

    @Provide
    Arbitrary<String> bodies() {
        return FuzzValues.body();
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        return FuzzValues.headers();
    }

    @Provide
    Arbitrary<String> queries() {
        return FuzzValues.query();
    }

    @Provide
    Arbitrary<String> frames() {
        // a text frame is UTF-8 by definition: lone surrogates become '?' before it is sent
        return Arbitraries.oneOf(FuzzValues.body(), FuzzValues.jsonObject(2).map(object -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) object).put("type", "response.create");
            return FuzzValues.write(object);
        })).map(frame -> new String(frame.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
