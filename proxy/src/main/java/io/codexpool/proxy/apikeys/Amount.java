package io.codexpool.proxy.apikeys;

import java.math.BigDecimal;

/** Requests, tokens and cost counted together. */
public record Amount(long requests, long tokens, BigDecimal costUsd) {
    public static final Amount ZERO = new Amount(0, 0, BigDecimal.ZERO);

    public Amount plus(Amount other) {
        return new Amount(requests + other.requests, tokens + other.tokens, costUsd.add(other.costUsd));
    }

    public Amount minus(Amount other) {
        return new Amount(requests - other.requests, tokens - other.tokens, costUsd.subtract(other.costUsd));
    }

    public boolean isZero() {
        return requests == 0 && tokens == 0 && costUsd.signum() == 0;
    }
}
