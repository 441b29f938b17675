package io.codexpool.proxy.requestlogs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** USD per million tokens by model; an unknown model has no cost rather than a zero one. */
public final class PriceTable {
    private record Price(double input, double cachedInput, double output) {
    }

    private static final Price GPT_5 = new Price(1.25, 0.125, 10);
    private static final Price GPT_5_CODEX_NEW = new Price(1.75, 0.175, 14);
    private static final Map<String, Price> PRICES = Map.of(
            "gpt-5.4", new Price(2.50, 0.25, 15),
            "gpt-5.4-mini", new Price(0.75, 0.075, 4.50),
            "gpt-5.3-codex", GPT_5_CODEX_NEW,
            "gpt-5.2-codex", GPT_5_CODEX_NEW,
            "gpt-5.1-codex", GPT_5,
            "gpt-5-codex", GPT_5,
            "gpt-5.1", GPT_5,
            "gpt-5", GPT_5,
            "gpt-5.1-codex-mini", new Price(0.25, 0.025, 2));

    private PriceTable() {
    }

    /** Whether the model has a price: the known models, which metrics label by name. */
    public static boolean knows(String model) {
        return model != null && PRICES.containsKey(model);
    }

    /** Cost of one request; cached input tokens are part of the input tokens. Null for an unknown model. */
    public static BigDecimal cost(String model, String serviceTier, long inputTokens, long cachedTokens,
                                  long outputTokens) {
        Price price = model == null ? null : PRICES.get(model);
        if (price == null) {
            return null;
        }
        long uncached = Math.max(0, inputTokens - cachedTokens);
        double usd = (uncached * price.input() + cachedTokens * price.cachedInput() + outputTokens * price.output())
                / 1_000_000.0;
        if ("priority".equals(serviceTier)) {
            usd *= 2;
        }
        return BigDecimal.valueOf(usd).setScale(8, RoundingMode.HALF_UP);
    }
}
