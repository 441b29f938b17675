package io.codexpool.proxy.apikeys;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.codexpool.persistence.history.RequestHistory;
import io.codexpool.persistence.requestlogs.RequestTotals;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A key's requests, tokens and cost over the last 24 hours or 7 days, from the hourly request-log rollups (and the
 * rows not rolled up yet): whole hours, the current one included, as the dashboard counts them.
 */
@ApplicationScoped
public class KeyTotals {
    private final RequestHistory history;

    @Inject
    public KeyTotals(RequestHistory history) {
        this.history = history;
    }

    /** The last {@code span} up to {@code now}, in whole hours. */
    public RequestTotals last(String keyId, Duration span, Instant now) {
        return history.apiKeyTotals(keyId, now.truncatedTo(ChronoUnit.HOURS).minus(span).plus(Duration.ofHours(1)));
    }
}
