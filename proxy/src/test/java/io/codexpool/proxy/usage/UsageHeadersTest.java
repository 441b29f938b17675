package io.codexpool.proxy.usage;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pool's used percent reads exactly as {@code String.format("%.1f")} wrote it before. */
class UsageHeadersTest {
    @Test
    void oneDecimalWritesWhatStringFormatWrote() {
        Random random = new Random(18);
        double[] edges = {0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.05, 2.675, 12.25, 49.95, 99.95, 99.96, 100, 100.04,
                -0.05, 1e-9, 123456.75, Double.NaN};
        for (double value : edges) {
            assertEquals(String.format(Locale.ROOT, "%.1f", value), UsageHeaders.oneDecimal(value), "" + value);
        }
        for (int i = 0; i < 100_000; i++) {
            double value = random.nextDouble() * 110;
            assertEquals(String.format(Locale.ROOT, "%.1f", value), UsageHeaders.oneDecimal(value), "" + value);
        }
    }
}
