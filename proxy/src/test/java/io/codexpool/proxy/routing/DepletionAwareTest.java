package io.codexpool.proxy.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.MemoryAccountPool;
import io.codexpool.proxy.sticky.StickyKey;
import io.codexpool.proxy.testing.InMemoryRouting;
import io.codexpool.proxy.testing.ManualClock;
import io.codexpool.proxy.usage.UsageHeaders;
import io.codexpool.proxy.usage.UsageWindows;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forecast built from live readings, and the {@code depletion_aware} choices made from it. */
class DepletionAwareTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final MemoryAccountPool pool = new MemoryAccountPool(clock);
    private final InMemoryRouting routing = new InMemoryRouting(pool, clock, RoutingStrategy.DEPLETION_AWARE, 1);

    @Test
    void headerOnlyReadingsGiveAForecast() {
        AccountState account = pool.add("a", "plus");
        Instant reset = T0.plus(Duration.ofHours(4));
        for (int minutes = 0; minutes <= 120; minutes += 10) { // reply headers only, no poll: 12 %/h
            clock.set(T0.plus(Duration.ofMinutes(minutes)));
            replyHeaders(account, 20 + minutes / 5.0, reset, 30, T0.plus(Duration.ofDays(3)));
        }
        WindowForecast fiveHour = AccountForecast.of(account, clock.instant()).primary();
        assertEquals(12.0, fiveHour.burnPercentPerHour(), 2.0);
        assertNotNull(fiveHour.exhaustsAt());
        // 44 % used at 2 h, 56 % left at about 12 %/h: out in well over 2 h, but the window resets in 2 h
        assertTrue(fiveHour.exhaustsAt().isAfter(reset), "exhausts " + fiveHour.exhaustsAt());
        assertTrue(fiveHour.safe());
        assertEquals(reset, fiveHour.resetsAt());
    }

    @Test
    void aWindowThatRunsOutBeforeItsResetIsNotSafe() {
        AccountState account = burning("a", 50, 20, T0.plus(Duration.ofHours(5)));
        WindowForecast fiveHour = AccountForecast.of(account, clock.instant()).primary();
        assertTrue(fiveHour.exhaustsAt().isBefore(fiveHour.resetsAt()), fiveHour.toString());
        assertFalse(fiveHour.safe());
        assertTrue(DepletionAware.atRisk(account, clock.instant()));
    }

    @Test
    void aNewAccountWithoutHistoryIsAvailableAndNotStarved() {
        burning("busy", 50, 20, T0.plus(Duration.ofHours(5)));
        AccountState fresh = pool.add("fresh", "plus");
        replyHeaders(fresh, 0, T0.plus(Duration.ofHours(5)), 0, T0.plus(Duration.ofDays(6)));
        AccountForecast forecast = AccountForecast.of(fresh, clock.instant());
        assertNull(forecast.primary().burnPercentPerHour());
        assertTrue(forecast.safe());
        assertEquals("fresh", routing.selector().select(Set.of(), null).id());
    }

    @Test
    void creditThatExpiresFirstIsSpentFirst() {
        AccountState late = pool.add("late", "plus");
        AccountState soon = pool.add("soon", "plus");
        replyHeaders(late, 0, T0.plus(Duration.ofHours(5)), 40, T0.plus(Duration.ofDays(6)));
        replyHeaders(soon, 0, T0.plus(Duration.ofHours(5)), 40, T0.plus(Duration.ofDays(1)));
        assertEquals(soon.id(), routing.selector().select(Set.of(), null).id());
    }

    @Test
    void anAccountThatWillRunOutIsLeftWhileAnotherHasRoom() {
        // the soonest reset would be preferred, but at 20 %/h its 5-hour window runs out before it resets
        AccountState soon = burning("soon", 50, 20, T0.plus(Duration.ofHours(5)));
        pool.add("later", "plus");
        replyHeaders(pool.get("later").orElseThrow(), 10, T0.plus(Duration.ofHours(5)), 10,
                T0.plus(Duration.ofDays(5)));
        assertTrue(DepletionAware.atRisk(soon, clock.instant()));
        assertEquals("later", routing.selector().select(Set.of(), null).id());
    }

    @Test
    void withoutHeadroomTheAccountWithMostCreditLeftIsChosen() {
        burning("a", 60, 20, T0.plus(Duration.ofHours(5)));
        burning("b", 40, 20, T0.plus(Duration.ofHours(5)));
        assertEquals("b", routing.selector().select(Set.of(), null).id());
    }

    @Test
    void aStickyConversationMovesAtATurnBoundaryWhenItsAccountWillRunOut() {
        AccountState pinned = pool.add("pinned", "plus");
        replyHeaders(pinned, 0, T0.plus(Duration.ofHours(5)), 0, T0.plus(Duration.ofDays(1)));
        AccountState other = pool.add("other", "plus");
        replyHeaders(other, 0, T0.plus(Duration.ofHours(5)), 0, T0.plus(Duration.ofDays(6)));
        assertEquals(pinned, routing.router().choose(turn("conversation", false), Set.of(), null));
        clock.advance(Duration.ofHours(3));
        history(pinned, 75, 30, T0.plus(Duration.ofHours(5))); // 100 % in 50 minutes, the reset in 2 hours
        assertTrue(DepletionAware.runsOutSoon(pinned, clock.instant()));

        assertEquals(pinned, routing.router().choose(turn("conversation", true), Set.of(), null),
                "a request continuing a response stays where that response lives");
        assertEquals(other, routing.router().choose(turn("conversation", false), Set.of(), null),
                "the next turn moves, before the account reaches its limit");
        assertEquals(other, routing.router().choose(turn("conversation", false), Set.of(), null));
    }

    @Test
    void aStickyConversationStaysWhileItsAccountsLimitIsMoreThanAnHourAway() {
        AccountState pinned = pool.add("pinned", "plus");
        replyHeaders(pinned, 0, T0.plus(Duration.ofHours(5)), 0, T0.plus(Duration.ofDays(1)));
        pool.add("other", "plus");
        replyHeaders(pool.get("other").orElseThrow(), 0, T0.plus(Duration.ofHours(5)), 0,
                T0.plus(Duration.ofDays(6)));
        assertEquals(pinned, routing.router().choose(turn("conversation", false), Set.of(), null));
        clock.advance(Duration.ofHours(3));
        history(pinned, 50, 20, T0.plus(Duration.ofHours(6))); // 100 % in 2.5 hours, the reset in 3
        assertTrue(DepletionAware.atRisk(pinned, clock.instant()), "no new work goes there");
        assertFalse(DepletionAware.runsOutSoon(pinned, clock.instant()));
        assertEquals(pinned, routing.router().choose(turn("conversation", false), Set.of(), null));
        assertEquals("other", routing.selector().select(Set.of(), null).id());
    }

    @Test
    void aStickyConversationStaysWhileItsAccountLastsUntilItsReset() {
        AccountState pinned = burning("pinned", 10, 5, T0.plus(Duration.ofHours(5)));
        pool.add("other", "plus");
        assertEquals(pinned, routing.router().choose(turn("conversation", false), Set.of(), null));
        assertFalse(DepletionAware.atRisk(pinned, clock.instant()));
        assertEquals(pinned, routing.router().choose(turn("conversation", false), Set.of(), null));
    }

    @Test
    void thePoolForecastWeighsAccountsByPlan() {
        burning("plus", 50, 20, T0.plus(Duration.ofHours(5)));
        AccountState pro = pool.add("pro", "pro");
        replyHeaders(pro, 0, T0.plus(Duration.ofHours(5)), 0, T0.plus(Duration.ofDays(6)));
        WindowForecast fiveHour = PoolForecast.of(List.copyOf(pool.all()), clock.instant()).primary();
        // Plus 225 credits at 50 % (+ 20 %/h), Pro 1500 at 0 %: the pool is 225/1725 as far along
        double plusShare = 225.0 / 1725.0;
        assertEquals(20.0 * plusShare, fiveHour.burnPercentPerHour(), 0.5);
        assertEquals(50.0 * plusShare, fiveHour.usedPercent(), 1.0);
        assertTrue(fiveHour.safe(), "the pool lasts past the earliest reset");
    }

    /** A new Plus account whose 5-hour window was read every 10 minutes over the last 3 hours. */
    private AccountState burning(String id, double nowPercent, double perHour, Instant reset) {
        AccountState account = pool.add(id, "plus");
        history(account, nowPercent, perHour, reset);
        return account;
    }

    /** Readings every 10 minutes over the 3 hours up to now, reaching {@code nowPercent} at {@code perHour}. */
    private void history(AccountState account, double nowPercent, double perHour, Instant reset) {
        Instant now = clock.instant();
        for (int minutesAgo = 180; minutesAgo >= 0; minutesAgo -= 10) {
            clock.set(now.minus(Duration.ofMinutes(minutesAgo)));
            replyHeaders(account, nowPercent - perHour * minutesAgo / 60.0, reset, 10, T0.plus(Duration.ofDays(5)));
        }
    }

    private void replyHeaders(AccountState account, double fiveHourPercent, Instant fiveHourReset,
                              double weeklyPercent, Instant weeklyReset) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-codex-primary-used-percent", String.valueOf(fiveHourPercent));
        headers.put("x-codex-primary-window-minutes", "300");
        headers.put("x-codex-primary-reset-at", String.valueOf(fiveHourReset.getEpochSecond()));
        headers.put("x-codex-secondary-used-percent", String.valueOf(weeklyPercent));
        headers.put("x-codex-secondary-window-minutes", "10080");
        headers.put("x-codex-secondary-reset-at", String.valueOf(weeklyReset.getEpochSecond()));
        UsageWindows windows = UsageHeaders.read(headers::get, clock.instant());
        pool.recordUsage(account, windows.primary(), windows.secondary(), UsageSource.HEADER);
    }

    private static StickyKey turn(String conversation, boolean midTurn) {
        return new StickyKey(StickyKind.CODEX_SESSION, conversation, midTurn);
    }
}
