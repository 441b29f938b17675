package io.codexpool.admin.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Display formatting the templates call as {@code ${fmt.time(x)}}: one place decides how numbers and times read. */
public final class Format {
    public static final Format INSTANCE = new Format();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    public String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** "in 3 h 12 min" / "5 min ago". */
    public String relative(Instant instant) {
        if (instant == null) {
            return "—";
        }
        Duration delta = Duration.between(Instant.now(), instant);
        String amount = duration(delta.abs());
        return delta.isNegative() ? amount + " ago" : "in " + amount;
    }

    public String duration(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return duration.toSeconds() + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h " + minutes % 60 + " min";
        }
        return minutes / (24 * 60) + " d " + (minutes / 60) % 24 + " h";
    }

    public String percent(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    public String number(Long value) {
        return value == null ? "—" : String.format("%,d", value);
    }

    public String usd(BigDecimal value) {
        return value == null ? "—" : "$" + value.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    public String millis(Long value) {
        return value == null ? "—" : String.format("%,d ms", value);
    }
}
