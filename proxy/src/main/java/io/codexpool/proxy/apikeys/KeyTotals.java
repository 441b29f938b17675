package io.codexpool.proxy.apikeys;

import java.time.Instant;

import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.requestlogs.RequestTotals;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A key's requests, tokens and cost since a time, from the request logs. */
@ApplicationScoped
public class KeyTotals {
    private final RequestLogRepository requestLogs;

    @Inject
    public KeyTotals(RequestLogRepository requestLogs) {
        this.requestLogs = requestLogs;
    }

    public RequestTotals since(String keyId, Instant since) {
        return requestLogs.totals(RequestLogFilter.forApiKey(keyId, since));
    }
}
