package io.codexpool.proxy.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.events.Event;
import io.codexpool.persistence.events.EventFilter;
import io.codexpool.persistence.events.EventRepository;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.webhooks.WebhookRepository;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.testing.ProxyTestKit;
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
 * The alert conditions on a pool in known states, checked by calling the monitor directly (its own lease job is
 * slowed down to once an hour here): each fires once when it starts, stays quiet while it holds, and fires again
 * after it cleared.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.alerts.check-millis", value = "3600000")
class AlertMonitorTest {
    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;
    @Inject
    AlertMonitor monitor;
    @Inject
    AccountPool pool;
    @Inject
    SettingsRepository settings;
    @Inject
    SettingsCache settingsCache;
    @Inject
    WebhookRepository webhooks;
    @Inject
    EventRepository events;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.HTTP);
        TestDatabase.update("DELETE FROM alert_states");
        TestDatabase.update("DELETE FROM events");
        TestDatabase.update("DELETE FROM webhooks");
        webhooks.create("http://127.0.0.1:9/hooks/secret", "http://127.0.0.1:9/…",
                List.of("pool.low", "pool.exhausted", "account.limited"), Instant.now());
    }

    @Test
    void poolLowFiresOnceBelowTheThresholdAndAgainAfterItCleared() {
        String a = kit.account("acc-low1", 95, 20);
        kit.account("acc-low2", 90, 20);
        monitor.check();
        monitor.check();
        assertEquals(1, raised("pool.low"), "once while it holds");
        assertEquals(1L, deliveries("pool.low"));
        assertTrue(alert("pool.low").detail().contains("7.5 % of the pool's 5-hour window is left (alert below 10 %)"),
                alert("pool.low").detail());

        kit.usage(a, "acc-low1", 10, 20);
        monitor.check();
        assertEquals(1, raised("pool.low.cleared"));
        kit.usage(a, "acc-low1", 99, 20);
        monitor.check();
        assertEquals(2, raised("pool.low"), "fires again once it held again");
    }

    @Test
    void thePoolLowThresholdIsASetting() {
        kit.account("acc-set1", 85, 20);
        Settings current = settings.load();
        settings.save(current.withPoolLowPercent(new BigDecimal("20")));
        settingsCache.refresh();
        monitor.check();
        assertEquals(1, raised("pool.low"), "15 % left is below 20 %");
        settings.save(settings.load().withPoolLowPercent(Settings.DEFAULT_POOL_LOW_PERCENT));
        settingsCache.refresh();
    }

    @Test
    void everyUsableAccountLimitedIsPoolExhaustedAndEachLimitIsAnAccountAlert() {
        String a = kit.account("acc-ex1", 10, 10);
        String b = kit.account("acc-ex2", 10, 10);
        String paused = kit.account("acc-ex3", 10, 10);
        pool.get(paused).ifPresent(state -> TestDatabase.update("UPDATE accounts SET status = 'paused' WHERE id = ?",
                state.id()));
        pool.refresh();
        Instant reset = Instant.now().plusSeconds(3600);
        pool.markLimited(pool.get(a).orElseThrow(), AccountStatus.RATE_LIMITED, reset);
        monitor.check();
        assertEquals(0, raised("pool.exhausted"), "one account can still serve");
        assertEquals(1, raised("account.limited"));

        pool.markLimited(pool.get(b).orElseThrow(), AccountStatus.QUOTA_EXCEEDED, reset);
        monitor.check();
        monitor.check();
        assertEquals(1, raised("pool.exhausted"), "the paused account does not count");
        assertEquals(2, raised("account.limited"));
        assertTrue(alert("pool.exhausted").detail().startsWith("Codex Pool: every account is limited"));
        assertEquals(1L, deliveries("pool.exhausted"));
    }

    private int raised(String action) {
        return events.find(new EventFilter(Event.ALERT, action, null, null, null), 100, 0).size();
    }

    private Event alert(String action) {
        return events.find(new EventFilter(Event.ALERT, action, null, null, null), 1, 0).getFirst();
    }

    private static long deliveries(String event) {
        return ((Number) TestDatabase.column("SELECT COUNT(*) FROM webhook_deliveries WHERE event = ?", event)
                .getFirst()).longValue();
    }
}
