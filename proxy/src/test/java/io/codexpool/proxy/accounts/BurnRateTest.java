package io.codexpool.proxy.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BurnRateTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final int FIVE_HOURS = 300;
    private static final int WEEK = 10_080;

    @Test
    void steadyUseIsLearnedAsItsRate() {
        BurnRate rate = BurnRate.first(fiveHour(0, 10, 600));
        for (int i = 1; i <= 36; i++) { // 1 % every 10 minutes for 6 hours: 6 %/h
            rate = rate.next(fiveHour(i * 10, 10 + i, 600));
        }
        assertEquals(6.0, rate.percentPerHour(), 0.2);
    }

    @Test
    void aWindowWithOneReadingHasNoRateYet() {
        assertNull(BurnRate.first(fiveHour(0, 40, 300)).percentPerHour());
    }

    @Test
    void aResetInTheMiddleCountsOnlyWhatWasUsedSinceTheReset() {
        BurnRate rate = BurnRate.first(fiveHour(0, 74, 120)).next(fiveHour(60, 80, 120));
        double before = rate.percentPerHour();
        // the window reset at 120 min; at 150 min, 3 % of the new window is used: 6 %/h since the reset
        rate = rate.next(fiveHour(150, 3, 420));
        assertTrue(rate.percentPerHour() > before && rate.percentPerHour() < 6.0,
                "80 % -> 3 % is a reset, not negative burn: " + before + " -> " + rate.percentPerHour());
    }

    @Test
    void aDropWithoutAKnownResetTimeLeavesTheRateAsItWas() {
        BurnRate rate = BurnRate.first(new WindowUsage(50, FIVE_HOURS, null, at(0)))
                .next(new WindowUsage(56, FIVE_HOURS, null, at(60)));
        double before = rate.percentPerHour();
        rate = rate.next(new WindowUsage(2, FIVE_HOURS, null, at(120)));
        assertEquals(before, rate.percentPerHour(), 1e-9);
        assertEquals(2, rate.last().usedPercent(), 1e-9);
    }

    @Test
    void aReadingAfterAGapWeighsAsTheAverageOverTheGap() {
        BurnRate rate = BurnRate.first(weekly(0, 0));
        for (int i = 1; i <= 24; i++) { // 10 %/h for 4 hours, a reading every 10 minutes
            rate = rate.next(weekly(i * 10, i * 10 / 6.0));
        }
        assertEquals(10.0, rate.percentPerHour(), 1.5);
        // then nothing is read for 12 hours, over which 12 % more was used: 1 %/h, not one sample among 25
        rate = rate.next(weekly(240 + 720, 40 + 12));
        assertEquals(1.0, rate.percentPerHour(), 0.1);
    }

    @Test
    void manyReadingsSecondsApartMoveTheRateNoMoreThanOne() {
        BurnRate one = BurnRate.first(fiveHour(0, 10, 300)).next(fiveHour(60, 16, 300));
        BurnRate many = one;
        for (int second = 1; second <= 60; second++) {
            many = many.next(new WindowUsage(16, FIVE_HOURS, at(300), at(60).plusSeconds(second)));
        }
        assertEquals(one.percentPerHour(), many.percentPerHour(), 0.2);
    }

    @Test
    void anOlderReadingChangesNothing() {
        BurnRate rate = BurnRate.first(fiveHour(10, 20, 300));
        assertEquals(rate, rate.next(fiveHour(5, 30, 300)));
    }

    private static WindowUsage fiveHour(int minutes, double usedPercent, int resetAtMinutes) {
        return new WindowUsage(usedPercent, FIVE_HOURS, at(resetAtMinutes), at(minutes));
    }

    private static WindowUsage weekly(int minutes, double usedPercent) {
        return new WindowUsage(usedPercent, WEEK, at(WEEK), at(minutes));
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }
}
