package io.codexpool.proxy.lifecycle;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountAdded;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.Availability;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.routing.AccountSelector;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.testing.ControllableClock;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.proxy.usage.UsagePoller;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accounts come back, or start, by themselves: a fresh account is read at once and not starved, a limit without a
 * reset ends, and only an explicit signal from the usage endpoint ends an account.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ControllableClock.class)
@AddBean(ProxyTestKit.class)
// The tests run the periodic jobs themselves, at the moments they choose.
@AddConfig(key = "codexpool.jobs.lease-seconds", value = "3000000")
@AddConfig(key = "codexpool.usage.poll-seconds", value = "60")
@AddConfig(key = "codexpool.models.refresh-seconds", value = "1000000")
class AccountRecoveryTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    @Inject
    ProxyTestKit kit;
    @Inject
    ControllableClock clock;
    @Inject
    AccountRepository accounts;
    @Inject
    AccountPool pool;
    @Inject
    UsagePoller poller;
    @Inject
    Event<AccountAdded> added;
    @Inject
    AccountSelector selector;
    @Inject
    SettingsRepository settings;
    @Inject
    SettingsCache settingsCache;

    @BeforeEach
    void cleanSlate() {
        accounts.findAll().forEach(a -> accounts.delete(a.getId()));
        BACKEND.reset();
        pool.refresh();
    }

    @Test
    void aBare404FromTheUsageEndpointLeavesTheAccountActiveButAnExplicitDeactivationEndsIt() {
        String mistyped = account("acc-404");
        String ended = account("acc-404-deactivated");
        BACKEND.account("acc-404").usageEndpoint(404);
        BACKEND.account("acc-404-deactivated").usageEndpoint(404, "{\"error\":{\"code\":\"account_deactivated\","
                + "\"message\":\"This account has been deactivated.\"}}");
        poller.pollAll();
        assertEquals(AccountStatus.ACTIVE, accounts.findById(mistyped).orElseThrow().getStatus(),
                "a 404 alone may be a mistyped base URL");
        Account deactivated = accounts.findById(ended).orElseThrow();
        assertEquals(AccountStatus.DEACTIVATED, deactivated.getStatus());
        assertTrue(deactivated.getDeactivationReason().contains("account_deactivated"),
                deactivated.getDeactivationReason());
    }

    @Test
    void aLimitWithoutAResetTimeEndsByItselfAtOneFixedInstant() {
        String id = account("acc-no-reset");
        BACKEND.account("acc-no-reset").usage(100, 40).primaryResetAt(null);
        poller.pollAll();
        Account limited = accounts.findById(id).orElseThrow();
        assertEquals(AccountStatus.RATE_LIMITED, limited.getStatus());
        Instant until = limited.getResetAt();
        assertNotNull(until, "one fixed end, stored");

        clock.advance(Duration.ofSeconds(61));
        poller.pollAll(); // still full, still no reset time
        assertEquals(until, accounts.findById(id).orElseThrow().getResetAt(), "the end does not move");
        AccountState state = pool.get(id).orElseThrow();
        assertEquals(Availability.LIMITED, Availability.of(state, clock.instant()));

        clock.advance(Duration.ofMinutes(62));
        assertEquals(Availability.AVAILABLE, Availability.of(state, clock.instant()),
                "usable again by itself, without a poll saying so");
    }

    @Test
    void anAddedAccountIsReadAtOnceAndAnUnknownResetDoesNotPutItBehindTheOthers() {
        String known = account("acc-known");
        BACKEND.account("acc-known").usage(10, 50);
        poller.pollAll();
        BACKEND.account("acc-new").usage(3, 7);
        String added = account("acc-new"); // as the admin site's enrollment stores a sign-in or an import
        this.added.fireAsync(new AccountAdded(added)); // and announces it
        AccountState fresh = Poll.until("the new account's first usage reading", Duration.ofSeconds(10),
                () -> pool.get(added).orElseThrow(), state -> state.secondary() != null);
        assertEquals(7.0, fresh.secondary().usedPercent(), "read without waiting for the next poll");

        // a fresh account whose weekly reset is not known yet competes with the earliest-reset group
        settings.save(new Settings(RoutingStrategy.USAGE_WEIGHTED, new BigDecimal("95"), true, true, 1800,
                UpstreamTransport.DEFAULT, Instant.now()));
        settingsCache.refresh();
        String unread = account("acc-unread");
        List<AccountState> both = List.of(pool.get(known).orElseThrow(), pool.get(unread).orElseThrow());
        assertEquals(unread, selector.choose(both, settingsCache.current()).id(),
                "no usage yet and unknown reset: the least used, so chosen");
    }

    private String account(String chatgptId) {
        return kit.accountWithoutUsage(chatgptId);
    }
}
