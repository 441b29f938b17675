package io.codexpool.admin.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.admin.web.Format;
import io.codexpool.proxy.routing.WindowForecast;

/**
 * One window's forecast as the dashboard says it ("at this pace: runs out in 3 h 20 min; resets in 1 h 5 min: safe")
 * and as {@code GET /api/admin/overview} gives it; {@code warn} when the limit comes before the reset.
 */
public record ForecastView(String text, boolean warn, Map<String, Object> json) {
    static ForecastView of(WindowForecast forecast) {
        if (forecast == null) {
            return new ForecastView("no usage readings yet", false, null);
        }
        String window = "primary".equals(forecast.window()) ? "5 h" : "weekly";
        String resets = forecast.resetsAt() == null ? "reset not known"
                : "resets in " + in(forecast.now(), forecast.resetsAt());
        String pace;
        if (forecast.burnPercentPerHour() == null) {
            pace = "pace not known yet";
        } else if (forecast.exhaustsAt() == null) {
            pace = "does not run out";
        } else {
            pace = "runs out in " + in(forecast.now(), forecast.exhaustsAt());
        }
        String verdict = forecast.safe() ? "safe" : "runs out before the reset";
        return new ForecastView(window + " at this pace: " + pace + "; " + resets + ": " + verdict,
                !forecast.safe(), json(forecast));
    }

    private static Map<String, Object> json(WindowForecast forecast) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("window", forecast.window());
        json.put("burnPercentPerHour", forecast.burnPercentPerHour() == null ? null
                : Math.round(forecast.burnPercentPerHour() * 100) / 100.0);
        json.put("exhaustsAt", text(forecast.exhaustsAt()));
        json.put("resetsAt", text(forecast.resetsAt()));
        json.put("safe", forecast.safe());
        return json;
    }

    private static String in(Instant now, Instant at) {
        Duration delta = Duration.between(now, at);
        return Format.INSTANCE.duration(delta.isNegative() ? Duration.ZERO : delta);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
