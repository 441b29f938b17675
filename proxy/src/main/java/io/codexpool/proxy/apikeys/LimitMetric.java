package io.codexpool.proxy.apikeys;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;

/** What a limit rule counts. */
public enum LimitMetric {
    /** Input tokens (cached ones included) plus output tokens of completed responses. */
    TOKENS("tokens"),
    /** The request-log cost of completed responses; a model without a price adds nothing. */
    COST_USD("cost_usd"),
    /** Admitted requests and WebSocket turns, counted when they are let through. */
    REQUESTS("requests");

    private final String wireName;

    LimitMetric(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** This metric's share of an amount. */
    public BigDecimal of(Amount amount) {
        return switch (this) {
            case TOKENS -> BigDecimal.valueOf(amount.tokens());
            case COST_USD -> amount.costUsd();
            case REQUESTS -> BigDecimal.valueOf(amount.requests());
        };
    }

    public static LimitMetric parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.wireName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("metric must be tokens, cost_usd or requests"));
    }
}
