package io.codexpool.proxy.apikeys;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;

/**
 * The period a limit rule counts over: a rolling five hours, or the UTC calendar day, week (from Monday) or month.
 * The rolling window is kept as five-minute buckets; the calendar ones as one counter per period.
 */
public enum LimitWindow {
    FIVE_HOURS("5h", "5m"),
    DAY("day", "day"),
    WEEK("week", "week"),
    MONTH("month", "month");

    /** Length of a bucket of the rolling window. */
    public static final Duration BUCKET = Duration.ofMinutes(5);
    public static final Duration ROLLING = Duration.ofHours(5);

    private final String wireName;
    private final String span;

    LimitWindow(String wireName, String span) {
        this.wireName = wireName;
        this.span = span;
    }

    public String wireName() {
        return wireName;
    }

    /** The name of this window's counter rows in the database. */
    public String span() {
        return span;
    }

    public boolean rolling() {
        return this == FIVE_HOURS;
    }

    /** Start of the counter row that a use at {@code at} adds to. */
    public Instant periodStart(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (this) {
            case FIVE_HOURS -> Instant.ofEpochSecond(at.getEpochSecond() - Math.floorMod(at.getEpochSecond(),
                    BUCKET.toSeconds()));
            case DAY -> day.atStartOfDay(ZoneOffset.UTC).toInstant();
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            case MONTH -> day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    /** When the period starting at {@code periodStart} ends; for a bucket of the rolling window, when it leaves it. */
    public Instant periodEnd(Instant periodStart) {
        LocalDate day = LocalDate.ofInstant(periodStart, ZoneOffset.UTC);
        return switch (this) {
            case FIVE_HOURS -> periodStart.plus(BUCKET).plus(ROLLING);
            case DAY -> periodStart.plus(1, ChronoUnit.DAYS);
            case WEEK -> periodStart.plus(7, ChronoUnit.DAYS);
            case MONTH -> day.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    /** Whether a counter row of this window that started at {@code periodStart} counts at {@code now}. */
    public boolean counts(Instant periodStart, Instant now) {
        return rolling() ? periodEnd(periodStart).isAfter(now) : periodStart.equals(periodStart(now));
    }

    /** The earliest period start any rule can still count at {@code now}: older rows can be forgotten. */
    public static Instant oldestCounted(Instant now) {
        return Arrays.stream(values()).map(w -> w.rolling() ? now.minus(ROLLING).minus(BUCKET) : w.periodStart(now))
                .min(Instant::compareTo).orElseThrow();
    }

    public static LimitWindow parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(w -> w.wireName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("window must be 5h, day, week or month"));
    }

    public static LimitWindow ofSpan(String span) {
        return Arrays.stream(values()).filter(w -> w.span.equals(span)).findFirst().orElse(null);
    }
}
