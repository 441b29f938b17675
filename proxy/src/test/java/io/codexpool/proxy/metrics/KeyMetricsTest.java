package io.codexpool.proxy.metrics;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.apikeys.TestKeys;
import io.codexpool.proxy.testing.PrometheusText;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests and tokens per API key on {@code /metrics}: exact values for known traffic, series that start at zero with
 * the key, and none left behind by a deleted or renamed key.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddBean(TestKeys.class)
class KeyMetricsTest {
    /** The fake's default answer uses 12 input and 5 output tokens. */
    private static final double TOKENS_PER_TURN = 17;

    @Inject
    ProxyTestKit kit;
    @Inject
    TestKeys keys;
    @Inject
    WebTarget target;

    @Test
    void eachKeysRequestsAndTokensAreCountedExactlyAndADeletedOrRenamedKeysSeriesGo() throws Exception {
        kit.reset(target, UpstreamTransport.HTTP);
        keys.deleteAll();
        kit.account("acc-keys", 10, 10);
        String alpha = keys.create("alpha");
        String beta = keys.create("beta", key -> key.setAllowedModels("[\"gpt-5.4\"]"));
        String[] alphaSeries = series("alpha", alpha);
        String[] betaSeries = series("beta", beta);
        PrometheusText fresh = kit.scrape();
        assertTrue(fresh.has(KeyMetrics.REQUESTS, alphaSeries) && fresh.has(KeyMetrics.TOKENS, betaSeries));
        assertEquals(0.0, fresh.value(KeyMetrics.REQUESTS, alphaSeries), "a new key's series start at zero");
        assertEquals(0.0, fresh.value(KeyMetrics.TOKENS, betaSeries));

        assertEquals(200, turn(alpha, "gpt-5.4").statusCode());
        assertEquals(200, turn(alpha, "gpt-5.4").statusCode());
        assertEquals(200, turn(beta, "gpt-5.4").statusCode());
        assertEquals(403, turn(beta, "gpt-5.4-mini").statusCode(), "refused: no request of the key");
        assertEquals(200, turn(null, "gpt-5.4").statusCode(), "without a key: no key's request");

        PrometheusText counted = Poll.until("the tokens of three turns", Duration.ofSeconds(10), kit::scrape,
                scrape -> scrape.value(KeyMetrics.TOKENS, alphaSeries) == 2 * TOKENS_PER_TURN
                        && scrape.value(KeyMetrics.TOKENS, betaSeries) == TOKENS_PER_TURN);
        assertEquals(2.0, counted.value(KeyMetrics.REQUESTS, alphaSeries));
        assertEquals(1.0, counted.value(KeyMetrics.REQUESTS, betaSeries));

        keys.update(beta, key -> key.setName("beta renamed"));
        keys.delete(alpha);
        PrometheusText after = kit.scrape();
        assertFalse(after.has(KeyMetrics.REQUESTS, alphaSeries), "a deleted key's series are gone");
        assertFalse(after.has(KeyMetrics.TOKENS, alphaSeries));
        assertFalse(after.has(KeyMetrics.REQUESTS, betaSeries), "the old name's series are gone");
        String[] renamed = series("beta renamed", beta);
        assertTrue(after.has(KeyMetrics.TOKENS, renamed), "the new name's series start at zero");
        assertEquals(0.0, after.value(KeyMetrics.TOKENS, renamed));
        assertEquals(200, turn(beta, "gpt-5.4").statusCode());
        assertEquals(1.0, Poll.until("the renamed key's request", Duration.ofSeconds(10), kit::scrape,
                scrape -> scrape.value(KeyMetrics.TOKENS, renamed) == TOKENS_PER_TURN)
                .value(KeyMetrics.REQUESTS, renamed));
    }

    private String[] series(String name, String secret) {
        return new String[] {"key", name, "key_id", keys.row(secret).getId()};
    }

    private HttpResponse<String> turn(String key, String model) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"input\":\"hi\",\"stream\":true}";
        return key == null ? kit.post("/v1/responses", body)
                : kit.post("/v1/responses", body, "authorization", "Bearer " + key);
    }
}
