package io.codexpool.proxy.metrics;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.gauges.PoolGauges;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.requestlogs.PriceTable;
import io.codexpool.proxy.testing.PrometheusText;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives known traffic (successes, a token refresh, an idle stream, a failover, a 429) and reads the exact values back
 * from {@code /metrics}: counters and histogram counts as differences to a scrape taken before, gauges as they are.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.upstream.idle-timeout-seconds", value = "2")
class PoolMetricsTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final String ROUTE = "/v1/responses";
    private static final String BODY = "{\"model\":\"gpt-5.4\",\"input\":\"hi\",\"prompt_cache_key\":\"metrics-key\"}";

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.HTTP);
    }

    @Test
    void trafficIsCountedExactly() throws Exception {
        String first = kit.account("acc-m1", 10, 20);
        String second = kit.account("acc-m2", 30, 40);
        // one sync registers both accounts' series one by one, in no set order (an account's status series last):
        // wait for the last series of each
        PrometheusText before = Poll.until("account series", Duration.ofSeconds(10), kit::scrape,
                scrape -> scrape.has(PoolGauges.ACCOUNT_STATUS, account(first, "acc-m1", "status", "deactivated"))
                        && scrape.has(PoolGauges.ACCOUNT_STATUS, account(second, "acc-m2", "status", "deactivated")));
        // two plus accounts: 20 % and 30 % of the pool's windows used
        assertEquals(80.0, before.value(PoolGauges.POOL_REMAINING_PERCENT, "window", "primary"));
        assertEquals(70.0, before.value(PoolGauges.POOL_REMAINING_PERCENT, "window", "secondary"));
        assertEquals(10.0, before.value(PoolGauges.ACCOUNT_USED_PERCENT, account(first, "acc-m1", "window",
                "primary")));
        assertEquals(40.0, before.value(PoolGauges.ACCOUNT_USED_PERCENT, account(second, "acc-m2", "window",
                "secondary")));
        assertEquals(1.0, before.value(PoolGauges.ACCOUNT_STATUS, account(first, "acc-m1", "status", "active")));

        // 1: a 401 first, a refreshed token, then the answer; 2: a plain success (both on the less used acc-m1)
        BACKEND.account("acc-m1").enqueue(Reply.status(401, "{\"error\":{\"message\":\"token expired\","
                + "\"type\":\"invalid_request_error\",\"code\":\"token_expired\"}}"), Reply.text("one"));
        assertEquals(200, kit.post(ROUTE, BODY).statusCode());
        assertEquals(200, kit.post(ROUTE, BODY).statusCode());

        // 3: a stream that goes quiet after its first events and is ended by the idle timeout (2 s here)
        BACKEND.account("acc-m1").enqueue(Reply.text("quiet").stallAfter(3));
        CompletableFuture<HttpResponse<String>> idle = kit.http().sendAsync(kit.request(ROUTE,
                "{\"model\":\"gpt-5.4\",\"input\":\"hi\",\"stream\":true}"), HttpResponse.BodyHandlers.ofString());
        Poll.until("one active stream", Duration.ofSeconds(10), kit::scrape,
                scrape -> scrape.value(PoolMetrics.ACTIVE_STREAMS) == 1.0);
        assertTrue(idle.get().body().contains("stream_idle_timeout"), idle.get().body());
        Poll.until("no active stream", Duration.ofSeconds(10), kit::scrape,
                scrape -> scrape.value(PoolMetrics.ACTIVE_STREAMS) == 0.0);

        // 4: acc-m1 answers 429, the request fails over to acc-m2 (and its sticky mapping moves along)
        Instant reset = Instant.now().plusSeconds(3600);
        BACKEND.account("acc-m1").enqueue(Reply.usageLimitReached(reset));
        assertEquals(200, kit.post(ROUTE, BODY).statusCode());
        // 5: acc-m2 answers 429 too, and nothing is left: the client gets the 429
        BACKEND.account("acc-m2").enqueue(Reply.usageLimitReached(reset));
        assertEquals(429, kit.post(ROUTE, BODY).statusCode());

        kit.awaitRows(row -> true, 5);
        PrometheusText after = Poll.until("five rows written", Duration.ofSeconds(10), kit::scrape,
                scrape -> delta(before, scrape, PoolMetrics.REQUEST_LOG_WRITTEN) == 5.0);
        String[] http = {"route", ROUTE, "transport", "http"};
        assertEquals(4.0, delta(before, after, PoolMetrics.REQUESTS, "route", ROUTE, "transport", "http", "model",
                "gpt-5.4", "status", "2xx"));
        assertEquals(1.0, delta(before, after, PoolMetrics.REQUESTS, "route", ROUTE, "transport", "http", "model",
                "gpt-5.4", "status", "4xx"));
        assertEquals(5.0, delta(before, after, PoolMetrics.REQUEST_DURATION + "_count", http));
        // the idle stream and the 429 sent no output text
        assertEquals(3.0, delta(before, after, PoolMetrics.TIME_TO_FIRST_BYTE + "_count", http));
        assertEquals(3.0, delta(before, after, PoolMetrics.TIME_TO_FIRST_BYTE + "_bucket",
                "route", ROUTE, "transport", "http", "le", "+Inf"));
        // the fixed buckets are there, the largest for a minute
        assertTrue(after.has(PoolMetrics.TIME_TO_FIRST_BYTE + "_bucket", "route", ROUTE, "transport", "http", "le",
                "60.0"), "buckets: " + after.names());
        assertEquals(5.0, delta(before, after, PoolMetrics.REQUEST_DURATION + "_bucket",
                "route", ROUTE, "transport", "http", "le", "600.0"));
        assertEquals(4.0, delta(before, after, PoolMetrics.UPSTREAM_ATTEMPTS, "outcome", "ok"));
        assertEquals(1.0, delta(before, after, PoolMetrics.UPSTREAM_ATTEMPTS, "outcome", "auth"));
        assertEquals(2.0, delta(before, after, PoolMetrics.UPSTREAM_ATTEMPTS, "outcome", "rate_limit"));
        assertEquals(1.0, delta(before, after, PoolMetrics.FAILOVERS, "reason", "rate_limit"));
        assertEquals(1.0, delta(before, after, PoolMetrics.TOKEN_REFRESHES, "outcome", "refreshed"));
        assertEquals(0.0, delta(before, after, PoolMetrics.TOKEN_REFRESHES, "outcome", "refused"));
        assertEquals(1.0, delta(before, after, PoolMetrics.STICKY_REBINDS, "reason", "failover"));
        assertEquals(0.0, delta(before, after, PoolMetrics.REQUEST_LOG_DROPPED));
        assertEquals(0.0, after.value(PoolGauges.REQUEST_LOG_QUEUE));
        assertEquals(0.0, after.value(PoolMetrics.ACTIVE_STREAMS));
        assertEquals(1.0, after.value(PoolGauges.STICKY_MAPPINGS, "kind", "prompt_cache"));

        PrometheusText limited = Poll.until("both accounts limited", Duration.ofSeconds(10), kit::scrape,
                scrape -> scrape.value(PoolGauges.ACCOUNT_STATUS, account(second, "acc-m2", "status",
                        "rate_limited")) == 1.0);
        assertEquals(1.0, limited.value(PoolGauges.ACCOUNT_STATUS, account(first, "acc-m1", "status",
                "rate_limited")));
        assertEquals(0.0, limited.value(PoolGauges.ACCOUNT_STATUS, account(first, "acc-m1", "status", "active")));
    }

    @Test
    void modelsOutsideTheKnownListAndUnknownRoutesShareOneLabel() {
        String made = "my-own-model-" + System.nanoTime();
        assertEquals("other", Labels.model(made, PriceTable.knows(made)));
        assertEquals("gpt-5.4", Labels.model("gpt-5.4", PriceTable.knows("gpt-5.4")));
        assertEquals("other", Labels.route("/v1/something/" + System.nanoTime()));
        assertEquals("4xx", Labels.statusClass(499));
    }

    private static String[] account(String id, String chatgptId, String name, String value) {
        return new String[] {"account", chatgptId + "@example.com", "account_id", id, name, value};
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
