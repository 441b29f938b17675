package io.codexpool.admin.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageWindow;

/**
 * The points of a 7-day usage chart (SVG polylines, 0–100 % high), computed here so the template only places them.
 */
public record UsageChart(String primaryPoints, String secondaryPoints, int samples) {
    public static final int WIDTH = 700;
    public static final int HEIGHT = 160;
    static final Duration SPAN = Duration.ofDays(7);

    public static UsageChart of(List<UsageSample> samples, Instant now) {
        Instant start = now.minus(SPAN);
        return new UsageChart(points(samples, UsageWindow.PRIMARY, start), points(samples, UsageWindow.SECONDARY,
                start), samples.size());
    }

    private static String points(List<UsageSample> samples, UsageWindow window, Instant start) {
        return samples.stream()
                .filter(sample -> sample.getWindow() == window)
                .map(sample -> {
                    double x = (double) Duration.between(start, sample.getRecordedAt()).toSeconds()
                            / SPAN.toSeconds() * WIDTH;
                    double y = HEIGHT - Math.max(0, Math.min(100, sample.getUsedPercent())) / 100 * HEIGHT;
                    return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
                })
                .collect(Collectors.joining(" "));
    }
}
