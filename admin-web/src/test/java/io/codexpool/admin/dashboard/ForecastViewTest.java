package io.codexpool.admin.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import io.codexpool.proxy.routing.WindowForecast;

import org.junit.jupiter.api.Test;

class ForecastViewTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void aWindowThatLastsUntilItsResetReadsSafe() {
        ForecastView view = ForecastView.of(new WindowForecast("primary", 40, 10.0, at("PT6H"), at("PT1H5M"), true,
                NOW));
        assertEquals("5 h at this pace: runs out in 6 h 0 min; resets in 1 h 5 min: safe", view.text());
        assertFalse(view.warn());
        assertEquals("primary", view.json().get("window"));
        assertEquals(10.0, view.json().get("burnPercentPerHour"));
        assertEquals(at("PT6H").toString(), view.json().get("exhaustsAt"));
        assertEquals(at("PT1H5M").toString(), view.json().get("resetsAt"));
        assertEquals(true, view.json().get("safe"));
    }

    @Test
    void aWindowThatRunsOutFirstWarns() {
        ForecastView view = ForecastView.of(new WindowForecast("secondary", 90, 2.5, at("PT3H20M"), at("P2D"),
                false, NOW));
        assertEquals("weekly at this pace: runs out in 3 h 20 min; resets in 2 d 0 h: runs out before the reset",
                view.text());
        assertTrue(view.warn());
        assertEquals(false, view.json().get("safe"));
    }

    @Test
    void anAccountWithoutHistoryIsNotWarnedAbout() {
        ForecastView oneReading = ForecastView.of(new WindowForecast("primary", 5, null, null, at("PT2H"), true,
                NOW));
        assertEquals("5 h at this pace: pace not known yet; resets in 2 h 0 min: safe", oneReading.text());
        assertFalse(oneReading.warn());
        assertNull(oneReading.json().get("burnPercentPerHour"));
        ForecastView nothing = ForecastView.of(null);
        assertEquals("no usage readings yet", nothing.text());
        assertNull(nothing.json());
    }

    private static Instant at(String after) {
        return NOW.plus(Duration.parse(after));
    }
}
