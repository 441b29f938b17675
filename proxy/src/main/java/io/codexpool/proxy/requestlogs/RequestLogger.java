package io.codexpool.proxy.requestlogs;

import java.util.logging.Logger;

import io.codexpool.persistence.requestlogs.RequestLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ends a request: one access-log line (never a token, key or prompt) and one request-log row.
 */
@ApplicationScoped
public class RequestLogger {
    private static final Logger ACCESS = Logger.getLogger("codexpool.access");
    private final RequestLogWriter writer;

    @Inject
    public RequestLogger(RequestLogWriter writer) {
        this.writer = writer;
    }

    /** The request's row, queued for writing; null when the request was finished before (it is logged once). */
    public RequestLog finish(RequestRecord record, int statusCode) {
        RequestLog log = record.finish(statusCode);
        if (log == null) {
            return null;
        }
        writer.write(log);
        ACCESS.info(() -> "request_id=" + log.getRequestId() + " route=" + log.getRoute() + " model="
                + log.getModel() + " account=" + log.getAccountId() + " api_key=" + log.getApiKeyId()
                + " transport=" + log.getTransport()
                + " status=" + log.getStatusCode() + " latency_ms=" + log.getLatencyMs() + " ttfb_ms="
                + log.getFirstTokenMs() + (log.getErrorCode() == null ? "" : " error=" + log.getErrorCode()));
        return log;
    }
}
