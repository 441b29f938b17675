package io.codexpool.proxy.requestlogs;

import java.util.logging.Logger;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.proxy.metrics.PoolMetrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ends a request: one access-log line (never a token, key or prompt) and one request-log row; its API key gets its
 * place back and is charged what the response used.
 */
@ApplicationScoped
public class RequestLogger {
    private static final Logger ACCESS = Logger.getLogger("codexpool.access");
    private final RequestLogWriter writer;
    private final PoolMetrics metrics;

    @Inject
    public RequestLogger(RequestLogWriter writer, PoolMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
    }

    public void finish(RequestRecord record, int statusCode) {
        RequestLog log = record.finish(statusCode);
        if (log == null) {
            return;
        }
        writer.write(log);
        record.admission().finished(log);
        if (record.streaming()) {
            metrics.streamEnded();
        }
        metrics.requestFinished(log.getRoute(), log.getTransport(), log.getModel(),
                PriceTable.knows(log.getModel()), log.getStatusCode(),
                log.getFirstTokenMs(), log.getLatencyMs());
        ACCESS.info(() -> "request_id=" + log.getRequestId() + " route=" + log.getRoute() + " model="
                + log.getModel() + " account=" + log.getAccountId() + " api_key=" + log.getApiKeyId()
                + " transport=" + log.getTransport()
                + " status=" + log.getStatusCode() + " latency_ms=" + log.getLatencyMs() + " ttfb_ms="
                + log.getFirstTokenMs() + (log.getErrorCode() == null ? "" : " error=" + log.getErrorCode()));
    }
}
