package io.codexpool.admin.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.codexpool.persistence.requestlogs.RequestBucket;

/** Request counts per time slot as SVG bars (errors stacked in red), laid out here so the template only draws. */
public record BarChart(List<Bar> bars, long max, String caption) {
    public static final int WIDTH = 480;
    public static final int HEIGHT = 120;

    public record Bar(double x, double width, double y, double height, double errorY, double errorHeight,
                      String title) {
    }

    /** {@code slots} slots of {@code slot} each, ending at the slot that holds {@code now}. */
    public static BarChart of(List<RequestBucket> hourly, Instant now, int slots, Duration slot, String caption) {
        Instant lastStart = now.truncatedTo(slot.equals(Duration.ofDays(1)) ? ChronoUnit.DAYS : ChronoUnit.HOURS);
        Instant firstStart = lastStart.minus(slot.multipliedBy(slots - 1));
        long[] requests = new long[slots];
        long[] errors = new long[slots];
        for (RequestBucket bucket : hourly) {
            long index = Duration.between(firstStart, bucket.hour()).toSeconds() / slot.toSeconds();
            if (!bucket.hour().isBefore(firstStart) && index < slots) {
                requests[(int) index] += bucket.requests();
                errors[(int) index] += bucket.errors();
            }
        }
        long max = 1;
        for (long count : requests) {
            max = Math.max(max, count);
        }
        double width = (double) WIDTH / slots;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            double height = (double) requests[i] / max * HEIGHT;
            double errorHeight = (double) errors[i] / max * HEIGHT;
            bars.add(new Bar(i * width + 1, Math.max(1, width - 2), HEIGHT - height, height,
                    HEIGHT - errorHeight, errorHeight, firstStart.plus(slot.multipliedBy(i)) + ": " + requests[i]
                    + " requests, " + errors[i] + " errors"));
        }
        return new BarChart(bars, max, caption);
    }
}
