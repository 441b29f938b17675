package io.codexpool.admin.settings;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.WindowUsage;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A setting saved through the admin API governs the very next proxied requests, with no restart. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class SettingsTakeEffectTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final String API_TOKEN = "test-api-token-0123456789";

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;
    @Inject
    AccountPool pool;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target);
    }

    @Test
    void raisingTheThresholdTo100MakesThePressuredAccountEligibleWithinTwoSeconds() throws Exception {
        kit.account("acc-a", 99, 20);
        kit.account("acc-b", 10, 20);
        for (int i = 0; i < 4; i++) {
            assertEquals(200, proxied().statusCode());
        }
        assertEquals(0, BACKEND.account("acc-a").responseCount(), "above the 95 % threshold: avoided");

        HttpResponse<String> saved = kit.http().send(HttpRequest.newBuilder(kit.uri("/api/admin/settings"))
                .header("Authorization", "Bearer " + API_TOKEN).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"budgetThresholdPercent\":100,"
                        + "\"routingStrategy\":\"round_robin\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, saved.statusCode(), saved.body());

        Instant deadline = Instant.now().plus(Duration.ofSeconds(2));
        while (BACKEND.account("acc-a").responseCount() == 0 && Instant.now().isBefore(deadline)) {
            assertEquals(200, proxied().statusCode());
        }
        assertTrue(BACKEND.account("acc-a").responseCount() > 0, "A served within 2 s of the save");
    }

    @Test
    void depletionAwareChosenThroughTheApiSpendsTheCreditThatResetsFirst() throws Exception {
        kit.account("acc-late", 10, 40);
        String soon = kit.account("acc-soon", 10, 40);
        // the weekly credit of acc-soon resets tomorrow (in its reply headers too), acc-late's in five days
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        BACKEND.account("acc-soon").secondaryResetAt(tomorrow);
        pool.recordUsage(pool.get(soon).orElseThrow(), null, new WindowUsage(40, 10080, tomorrow, Instant.now()),
                UsageSource.POLL);

        HttpResponse<String> saved = kit.http().send(HttpRequest.newBuilder(kit.uri("/api/admin/settings"))
                .header("Authorization", "Bearer " + API_TOKEN).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"routingStrategy\":\"depletion_aware\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, saved.statusCode(), saved.body());
        assertTrue(saved.body().contains("\"routingStrategy\":\"depletion_aware\""), saved.body());

        for (int i = 0; i < 4; i++) {
            assertEquals(200, proxied().statusCode());
        }
        assertEquals(4, BACKEND.account("acc-soon").responseCount());
        assertEquals(0, BACKEND.account("acc-late").responseCount());
    }

    private HttpResponse<String> proxied() throws Exception {
        return kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}");
    }
}
