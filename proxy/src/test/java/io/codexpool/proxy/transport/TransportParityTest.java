package io.codexpool.proxy.transport;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.sticky.StickyKey;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a POST and a client WebSocket turn once behaved differently, both now behave as HTTP did: each test runs the
 * same turn over both transports and expects the same.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class TransportParityTest {
    private static final Pattern ANSWERED_BY = Pattern.compile("Hello from (acc-[a-z0-9]+)");
    private static final String V1_TURN = "{\"model\":\"gpt-5.4\",\"input\":\"hi\",\"stream\":true%s}";

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;
    @Inject
    StickySessionRepository stickyRows;
    @Inject
    AccountRepository accounts;
    @Inject
    AccountPool pool;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
    }

    @Test
    void theRequestIdIsTheClientsXClientRequestIdOnBothTransports() throws Exception {
        kit.account("acc-a", 10, 10);
        HttpResponse<String> post = kit.post("/v1/responses", V1_TURN.formatted(""),
                "x-client-request-id", "parity-http");
        assertEquals("parity-http", post.headers().firstValue("x-request-id").orElseThrow());
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"),
                "x-client-request-id", "parity-ws")) {
            client.send(ClientFrames.turn("hi"));
            assertEquals("response.completed", client.turn().getLast().path("type").asText());
        }
        assertEquals(200, kit.awaitRow("parity-http").getStatusCode());
        RequestLog socketRow = kit.awaitRow("parity-ws");
        assertEquals("/v1/responses", socketRow.getRoute());
        assertEquals(200, socketRow.getStatusCode());
    }

    @Test
    void everyAccountLimitedIsA429WithResetsAtAndResetsInSecondsOnBothTransports() throws Exception {
        Instant reset = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Account row = accounts.findById(kit.account("acc-a", 10, 10)).orElseThrow();
        row.setStatus(AccountStatus.RATE_LIMITED);
        row.setResetAt(reset);
        accounts.save(row);
        pool.refresh();

        HttpResponse<String> post = kit.post("/v1/responses", V1_TURN.formatted(""));
        assertEquals(429, post.statusCode(), post.body());
        assertLimitError(Json.MAPPER.readTree(post.body()).get("error"), reset);
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"))) {
            client.send(ClientFrames.turn("hi"));
            JsonNode frame = client.turn().getFirst();
            assertEquals("error", frame.path("type").asText(), frame.toString());
            assertEquals(429, frame.path("status").asInt());
            assertLimitError(frame.get("error"), reset);
        }
    }

    @Test
    void aPromptCacheKeyPinsTheConversationOnBothTransports() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        assertEquals(200, kit.post("/v1/responses", V1_TURN.formatted(",\"prompt_cache_key\":\"K-http\""))
                .statusCode());
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"))) {
            client.send(responseCreate(",\"prompt_cache_key\":\"K-ws\""));
            assertEquals("response.completed", client.turn().getLast().path("type").asText());
        }
        awaitMapping("K-http", StickyKind.PROMPT_CACHE, a);
        awaitMapping("K-ws", StickyKind.PROMPT_CACHE, a);

        kit.usage(a, "acc-a", 60, 60); // a fresh choice would now be acc-b
        assertTrue(kit.post("/v1/responses", V1_TURN.formatted(",\"prompt_cache_key\":\"K-http\"")).body()
                .contains("Hello from acc-a"), "the POST's conversation stayed");
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"))) {
            client.send(responseCreate(",\"prompt_cache_key\":\"K-ws\""));
            assertTrue(client.turn().toString().contains("Hello from acc-a"), "the socket's conversation stayed");
        }
    }

    @Test
    void aSessionHeaderLongerThanAStoredKeySticksAsItsDigestOnBothTransports() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        String httpSession = "h".repeat(300);
        String socketSession = "w".repeat(300);
        assertEquals(200, kit.post("/backend-api/codex/responses", V1_TURN.formatted(""), "session-id", httpSession)
                .statusCode());
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/backend-api/codex/responses"),
                "session-id", socketSession)) {
            client.send(ClientFrames.turn("hi"));
            assertEquals("response.completed", client.turn().getLast().path("type").asText());
        }
        awaitMapping(stored(httpSession), StickyKind.CODEX_SESSION, a);
        awaitMapping(stored(socketSession), StickyKind.CODEX_SESSION, a);
    }

    @Test
    void onV1ASessionHeaderKeepsNoConversationOnEitherTransport() throws Exception {
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        assertEquals("acc-a", answeredOverHttp("v1-http"));
        assertEquals("acc-a", answeredOverSocket("v1-ws"));
        kit.usage(a, "acc-a", 60, 60); // a fresh choice is now acc-b; a kept conversation would stay on acc-a
        assertEquals("acc-b", answeredOverHttp("v1-http"));
        assertEquals("acc-b", answeredOverSocket("v1-ws"));
    }

    private String answeredOverHttp(String session) throws Exception {
        return answeredBy(kit.post("/v1/responses", V1_TURN.formatted(""), "session-id", session).body());
    }

    private String answeredOverSocket(String session) throws Exception {
        try (ClientSocketRecorder client = ClientSocketRecorder.connect(ws("/v1/responses"), "session-id", session)) {
            client.send(ClientFrames.turn("hi"));
            return answeredBy(client.turn().toString());
        }
    }

    private static String answeredBy(String events) {
        Matcher matcher = ANSWERED_BY.matcher(events);
        assertTrue(matcher.find(), events);
        return matcher.group(1);
    }

    private static void assertLimitError(JsonNode error, Instant reset) {
        assertEquals("usage_limit_reached", error.path("code").asText(), error.toString());
        assertEquals(reset.getEpochSecond(), error.path("resets_at").asLong());
        long resetsIn = error.path("resets_in_seconds").asLong(-1);
        assertTrue(resetsIn > 3500 && resetsIn <= 3600, "resets_in_seconds " + resetsIn);
    }

    private static String responseCreate(String extraFields) {
        return "{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":[]" + extraFields + "}";
    }

    private static String stored(String sessionKey) {
        return new StickyKey(StickyKind.CODEX_SESSION, sessionKey, false).key();
    }

    private void awaitMapping(String key, StickyKind kind, String accountId) {
        Poll.until("mapping " + kind + " " + key.substring(0, Math.min(20, key.length())), Duration.ofSeconds(5),
                () -> stickyRows.find(key, kind).map(row -> row.getAccountId().equals(accountId)).orElse(false));
    }

    private URI ws(String path) {
        return ClientFrames.ws(target, path);
    }
}
