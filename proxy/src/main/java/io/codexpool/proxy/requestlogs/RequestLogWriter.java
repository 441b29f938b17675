package io.codexpool.proxy.requestlogs;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.proxy.metrics.PoolMetrics;
import io.codexpool.proxy.support.AsyncBatchWriter;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Request-log rows, written in batches off the request path and drained before the database closes. */
@ApplicationScoped
public class RequestLogWriter {
    private final RequestLogRepository repository;
    private final PoolMetrics metrics;
    private final int queueCapacity;
    private AsyncBatchWriter<RequestLog> writer;

    @Inject
    public RequestLogWriter(RequestLogRepository repository, PoolMetrics metrics,
                            @ConfigProperty(name = "codexpool.writers.queue-capacity", defaultValue = "100000")
                            int queueCapacity) {
        this.repository = repository;
        this.metrics = metrics;
        this.queueCapacity = queueCapacity;
    }

    @PostConstruct
    void start() {
        writer = new AsyncBatchWriter<>("request-logs", queueCapacity,
                (logs, retry) -> {
                    if (retry) {
                        repository.insertAllAgain(logs);
                    } else {
                        repository.insertAll(logs);
                    }
                },
                new AsyncBatchWriter.Outcomes() {
                    @Override
                    public void written(int rows) {
                        metrics.requestLogWritten(rows);
                    }

                    @Override
                    public void dropped(int rows) {
                        metrics.requestLogDropped(rows);
                    }
                });
    }

    void drainOnShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class)
                         Object event) {
        writer.close();
    }

    public void write(RequestLog log) {
        writer.submit(log);
    }

    public int pending() {
        return writer.pending();
    }

    /**
     * Rows dropped since start (refused by the database, or beyond the queue's bound during an outage): what the
     * {@code request_log.dropping} alert watches.
     */
    public long dropped() {
        return writer.dropped();
    }
}
