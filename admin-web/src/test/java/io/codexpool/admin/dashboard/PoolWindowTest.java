package io.codexpool.admin.dashboard;

import java.time.Instant;
import java.util.List;

import io.codexpool.admin.accounts.AccountView;
import io.codexpool.proxy.accounts.PlanCapacity;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PoolWindowTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void remainingIsWeightedByPlanCapacityAndResetIsTheEarliestUpcoming() {
        AccountView pro = account("pro", 50.0, NOW.plusSeconds(3600));
        AccountView plus = account("plus", 100.0, NOW.plusSeconds(600));
        AccountView unknownPlan = account(null, null, null);
        PoolWindow window = PoolWindow.of(List.of(pro, plus, unknownPlan), AccountView::primary,
                PlanCapacity::primary, NOW);
        // pro 1500 × 50 % + plus 225 × 0 % + free 33.75 × 100 % over 1758.75 credits
        assertEquals((750 + 33.75) / 1758.75 * 100, window.remainingPercent(), 1e-9);
        assertEquals(NOW.plusSeconds(600), window.earliestReset());
    }

    @Test
    void pastResetsAreIgnoredAndAnEmptyPoolHasNothingLeft() {
        PoolWindow window = PoolWindow.of(List.of(account("team", 10.0, NOW.minusSeconds(5))), AccountView::primary,
                PlanCapacity::primary, NOW);
        assertNull(window.earliestReset());
        assertEquals(0, PoolWindow.of(List.of(), AccountView::primary, PlanCapacity::primary, NOW)
                .remainingPercent());
    }

    private static AccountView account(String plan, Double used, Instant reset) {
        return new AccountView("id-" + plan, plan + "@example.com", "acc", plan, "active", null, NOW, null, true,
                new AccountView.Usage(used, reset), new AccountView.Usage(used, reset));
    }
}
