package io.codexpool.proxy.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.codexpool.proxy.requestlogs.RequestLogWriter;
import io.codexpool.proxy.support.EagerBackgroundWork;
import io.codexpool.proxy.support.JobLeases;
import io.codexpool.proxy.support.Periodic;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Raises {@code request_log.dropping} while this replica drops request-log rows, and clears it after a check without
 * new drops. Each replica has a writer of its own, so each watches itself, under a key naming the replica.
 */
@ApplicationScoped
public class RequestLogDropWatch extends EagerBackgroundWork {
    private static final String KEY_PREFIX = AlertEvent.REQUEST_LOG_DROPPING.wireName() + ":";

    private final RequestLogWriter writer;
    private final Alerting alerting;
    private final Clock clock;
    private final String key;
    private final String replica;
    private final Duration every;
    private long seen;
    private boolean dropping;

    @Inject
    public RequestLogDropWatch(RequestLogWriter writer, Alerting alerting, JobLeases leases, Clock clock,
                               @ConfigProperty(name = "codexpool.alerts.check-millis", defaultValue = "2000")
                               long checkMillis) {
        this.writer = writer;
        this.alerting = alerting;
        this.clock = clock;
        this.replica = leases.replicaId();
        this.key = KEY_PREFIX + replica;
        this.every = Duration.ofMillis(checkMillis);
    }

    /** Whether the key is one of these alerts, which only their own replica clears. */
    static boolean owns(String key) {
        return key.startsWith(KEY_PREFIX);
    }

    @Override
    protected List<AutoCloseable> startWork() {
        return List.of(new Periodic("request-log-drop-watch", every, this::check));
    }

    synchronized void check() {
        long dropped = writer.dropped();
        if (dropped > seen) {
            if (!dropping) {
                alerting.raise(new Alert(key, AlertEvent.REQUEST_LOG_DROPPING, Map.of("type", "replica", "replica",
                        replica), "Codex Pool: replica " + replica + " dropped " + (dropped - seen)
                        + " request-log rows it could not write."), clock.instant());
                dropping = true;
            }
        } else if (dropping) {
            alerting.clear(key, clock.instant());
            dropping = false;
        }
        seen = dropped;
    }
}
