package io.codexpool.proxy.reliability;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.requestlogs.RequestLogWriter;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.MariaDbServer;
import io.codexpool.testing.Poll;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away for 20 s while turns stream, then comes back: the proxy keeps serving from memory and loses
 * no row. Runs against a MariaDB server of its own that it kills and restarts (never the shared test server).
 */
@ExtendWith({DatabaseOutageTest.OwnServer.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.upstream.transport", value = "http")
// while the database is away, a call that needs it gives up after this instead of the default 10 s
@AddConfig(key = "codexpool.db.connect-timeout-seconds", value = "2")
class DatabaseOutageTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final int IN_FLIGHT = 4;
    private static final int MAX_OUTAGE_TURNS = 40;

    /** Starts the dedicated server before the service and points {@code codexpool.db.*} at it. */
    static final class OwnServer implements BeforeAllCallback, AfterAllCallback {
        static MariaDbServer server;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            Assumptions.assumeTrue(MariaDbServer.available(),
                    "needs /usr/sbin/mariadbd and mariadb-install-db (Debian's mariadb-server) to stop and start");
            server = MariaDbServer.create(Path.of("target"), "outage-mariadb", Map.of(), true).start().awaitReady();
            try (Connection connection = server.connect("");
                 Statement statement = connection.createStatement()) {
                // a run killed before its clean-up leaves its data folder behind, which the server then reuses
                statement.execute("DROP DATABASE IF EXISTS codexpool");
                statement.execute("CREATE DATABASE codexpool CHARACTER SET utf8mb4");
            }
            System.setProperty("codexpool.db.url", server.url("codexpool"));
            System.setProperty("codexpool.db.user", "root");
            System.setProperty("codexpool.db.password", "");
        }

        @Override
        public void afterAll(ExtensionContext context) {
            System.clearProperty("codexpool.db.url");
            System.clearProperty("codexpool.db.user");
            System.clearProperty("codexpool.db.password");
            if (server != null) {
                server.close();
            }
        }
    }

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;
    @Inject
    RequestLogRepository requestLogs;
    @Inject
    RequestLogWriter requestLogWriter;
    @Inject
    UsageSampleRepository usageSamples;
    @Inject
    AccountPool pool;

    @Test
    void streamsFinishTurnsKeepBeingServedAndNoRowIsLostWhileTheDatabaseIsAway() throws Exception {
        kit.reset(target, UpstreamTransport.HTTP);
        String a = kit.account("acc-a", 10, 10);
        String b = kit.account("acc-b", 20, 20);
        List<String> served = new ArrayList<>();
        served.add(assertTurnServed(kit.post("/backend-api/codex/responses", backendTurn(), "session-id", "known")));
        long rowsBefore = Poll.until("the first row", Duration.ofSeconds(20), requestLogs::count, n -> n >= 1);
        assertEquals(200, ready().statusCode());

        // turns in flight when the database goes: about ten events half a second apart
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            BACKEND.account(i % 2 == 0 ? "acc-a" : "acc-b").enqueue(Reply.text("a slow answer, streamed in pieces")
                    .delayBetweenEvents(Duration.ofMillis(500)));
        }
        int turnsBefore = BACKEND.turns().size();
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight.add(kit.http().sendAsync(kit.request("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\","
                    + "\"stream\":true}"), HttpResponse.BodyHandlers.ofString()));
        }
        Poll.until("the slow turns upstream", Duration.ofSeconds(20), () -> BACKEND.turns().size()
                >= turnsBefore + IN_FLIGHT);

        OwnServer.server.kill();
        Instant outageStart = Instant.now();
        assertFalse(inFlight.stream().allMatch(CompletableFuture::isDone), "the streams were still going");
        Poll.until("readiness down", Duration.ofSeconds(20), () -> ready().statusCode() == 503);

        int outageTurns = 0;
        while (Duration.between(outageStart, Instant.now()).compareTo(OUTAGE) < 0 && outageTurns < MAX_OUTAGE_TURNS) {
            String[] headers = switch (outageTurns % 3) {
                case 0 -> new String[] {"session-id", "known"}; // a conversation this replica holds in memory
                case 1 -> new String[] {"session-id", "new-during-outage-" + outageTurns}; // never seen here
                default -> new String[0];
            };
            served.add(assertTurnServed(kit.post("/backend-api/codex/responses", backendTurn(), headers)));
            outageTurns++;
        }
        for (CompletableFuture<HttpResponse<String>> turn : inFlight) {
            served.add(assertTurnServed(turn.get(60, TimeUnit.SECONDS)));
        }
        assertTrue(requestLogWriter.pending() > 0, "rows wait in memory while the database is away");

        OwnServer.server.start().awaitReady();
        Poll.until("readiness up", Duration.ofSeconds(60), () -> ready().statusCode() == 200);
        long expected = rowsBefore + IN_FLIGHT + outageTurns;
        Poll.until(expected + " request-log rows", Duration.ofSeconds(60), requestLogs::count, n -> n >= expected);
        Map<String, Long> rowsPerRequest = requestLogs.findNewest(1000).stream()
                .collect(Collectors.groupingBy(RequestLog::getRequestId, TreeMap::new, Collectors.counting()));
        Map<String, Long> onePerRequest = served.stream()
                .collect(Collectors.toMap(id -> id, id -> 1L, Long::sum, TreeMap::new));
        assertEquals(onePerRequest, rowsPerRequest, "every request left exactly one row, none lost");
        assertEquals(expected, requestLogs.count());
        assertEquals(0, requestLogWriter.dropped());
        Poll.until("usage samples written", Duration.ofSeconds(60), pool::usageSamplesPending, n -> n == 0);
        assertEquals(0, pool.usageSamplesDropped());
        // whichever account the strategy gave the outage's turns to
        List<UsageSample> fromOutage = new ArrayList<>(usageSamples.findForAccountSince(a, outageStart));
        fromOutage.addAll(usageSamples.findForAccountSince(b, outageStart));
        assertFalse(fromOutage.isEmpty(), "usage seen in replies during the outage arrives afterwards");
    }

    private HttpResponse<String> ready() {
        try {
            return kit.http().send(HttpRequest.newBuilder(kit.uri("/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the request id the reply names, which its request-log row carries. */
    private static String assertTurnServed(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("response.completed"), response.body());
        return response.headers().firstValue("x-request-id").orElseThrow();
    }

    private static String backendTurn() {
        return "{\"model\":\"gpt-5.4\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"stream\":true}";
    }
}
