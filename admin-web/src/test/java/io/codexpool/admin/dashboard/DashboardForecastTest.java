package io.codexpool.admin.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.admin.web.AdminClient;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.WindowUsage;
import io.codexpool.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The forecast routing keeps in memory, as the dashboard and {@code GET /api/admin/overview} show it. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class DashboardForecastTest {
    @Inject
    AccountPool pool;

    @Test
    void anAccountHeadingForItsLimitBeforeTheResetIsSaidInWordsAndInTheApi() throws Exception {
        AdminClient admin = new AdminClient().signIn();
        HttpResponse<String> created = admin.api("POST", "/api/admin/accounts",
                FakeAuthJson.authJson("forecast@example.com", "acc-forecast", "plus"));
        String id = created.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
        pool.refresh();
        AccountState account = pool.get(id).orElseThrow();
        // readings of the last 3 hours: 20 %/h, 70 % now, the 5-hour window resets in 2 hours
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant reset = now.plus(Duration.ofHours(2));
        for (int minutesAgo = 180; minutesAgo >= 0; minutesAgo -= 10) {
            pool.recordUsage(account, new WindowUsage(70 - 20 * minutesAgo / 60.0, 300, reset,
                    now.minus(Duration.ofMinutes(minutesAgo))), null, UsageSource.HEADER);
        }

        JsonNode overview = new ObjectMapper().readTree(admin.get("/api/admin/overview").body());
        JsonNode forecast = null;
        for (JsonNode row : overview.path("accounts")) {
            if (row.path("id").asText().equals(id)) {
                forecast = row.path("forecast");
            }
        }
        assertEquals("primary", forecast.path("window").asText());
        assertEquals(20.0, forecast.path("burnPercentPerHour").asDouble(), 1.0);
        assertFalse(forecast.path("safe").asBoolean());
        assertTrue(Instant.parse(forecast.path("exhaustsAt").asText()).isBefore(reset));
        assertEquals(reset.toString(), forecast.path("resetsAt").asText());
        JsonNode poolForecast = overview.path("pool").path("forecast");
        for (String field : new String[] {"window", "burnPercentPerHour", "exhaustsAt", "resetsAt", "safe"}) {
            assertTrue(poolForecast.has(field), "pool forecast has " + field + ": " + poolForecast);
        }
        assertTrue(overview.path("pool").path("primary").path("forecast").has("safe"));

        String page = admin.get("/admin").body();
        assertTrue(page.contains("class=\"forecast warn\">5 h at this pace: runs out in 1 h"), page);
        assertTrue(page.contains(": runs out before the reset</div>"), page);
    }
}
