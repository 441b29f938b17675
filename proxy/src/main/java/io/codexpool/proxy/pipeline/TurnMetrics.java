package io.codexpool.proxy.pipeline;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.proxy.metrics.PoolMetrics;
import io.codexpool.proxy.requestlogs.PriceTable;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The turn metrics of {@link PoolMetrics}, counted from the pipeline's events. */
@ApplicationScoped
public class TurnMetrics implements TurnObserver {
    private final PoolMetrics metrics;

    @Inject
    public TurnMetrics(PoolMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void clientSocket(boolean opened) {
        if (opened) {
            metrics.clientWebSocketOpened();
        } else {
            metrics.clientWebSocketClosed();
        }
    }

    @Override
    public void upstreamAttempt(String outcome) {
        metrics.upstreamAttempt(outcome);
    }

    @Override
    public void streamStarted() {
        metrics.streamStarted();
    }

    @Override
    public void failover(String reason) {
        metrics.failover(reason);
    }

    @Override
    public void finished(RequestLog row, boolean streamed) {
        if (streamed) {
            metrics.streamEnded();
        }
        metrics.requestFinished(row.getRoute(), row.getTransport(), row.getModel(), PriceTable.knows(row.getModel()),
                row.getStatusCode(), row.getFirstTokenMs(), row.getLatencyMs());
    }
}
