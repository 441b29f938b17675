package io.codexpool.proxy.apikeys;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One limit of a key: at most {@code max} of {@code metric} per {@code window}, counting only {@code model} when set.
 * A request is let through while the amount used is below {@code max}, so the request that crosses it still finishes.
 */
public record LimitRule(LimitMetric metric, LimitWindow window, BigDecimal max, String model) {
    public LimitRule {
        Objects.requireNonNull(metric);
        Objects.requireNonNull(window);
        Objects.requireNonNull(max);
        model = model == null || model.isBlank() ? null : model.strip();
    }

    /** Whether a request for {@code requestModel} counts towards this rule. */
    public boolean covers(String requestModel) {
        return model == null || model.equals(requestModel);
    }

    /** "30 tokens per day for gpt-5.4": how the rule reads in messages and pages. */
    public String describe() {
        String amount = metric == LimitMetric.COST_USD ? "$" + max.stripTrailingZeros().toPlainString()
                : max.stripTrailingZeros().toPlainString() + " " + metric.wireName();
        String per = window == LimitWindow.FIVE_HOURS ? " per 5 hours" : " per " + window.wireName();
        return amount + per + (model == null ? "" : " for " + model);
    }
}
