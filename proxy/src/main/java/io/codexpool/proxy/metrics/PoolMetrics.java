package io.codexpool.proxy.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The proxy's own counters and histograms in the application registry, served on {@code /metrics}. Each name here is
 * the exact Prometheus name: counters already end in {@code _total} and timers in {@code _seconds}, which the
 * Prometheus formatter then leaves as they are. Histogram buckets are fixed in the service's configuration
 * ({@code mp.metrics.distribution.timer.buckets}), since MicroProfile Metrics has no API for them. Every label value is
 * from a short fixed list (or the admin-made account list), so the series stay bounded.
 */
@ApplicationScoped
public class PoolMetrics implements RebindListener {
    public static final String REQUESTS = "codexpool_requests_total";
    public static final String TIME_TO_FIRST_BYTE = "codexpool_time_to_first_byte_seconds";
    public static final String REQUEST_DURATION = "codexpool_request_duration_seconds";
    public static final String UPSTREAM_ATTEMPTS = "codexpool_upstream_attempts_total";
    public static final String FAILOVERS = "codexpool_failovers_total";
    public static final String TOKEN_REFRESHES = "codexpool_token_refreshes_total";
    public static final String ACTIVE_STREAMS = "codexpool_active_streams";
    public static final String CLIENT_WEBSOCKETS = "codexpool_client_websockets";
    public static final String REQUEST_LOG_WRITTEN = "codexpool_request_log_written_total";
    public static final String REQUEST_LOG_DROPPED = "codexpool_request_log_dropped_total";
    public static final String STICKY_REBINDS = "codexpool_sticky_rebinds_total";

    /** How a token refresh ended: new tokens, refused for good (account deactivated), or failed for now. */
    public enum RefreshOutcome { REFRESHED, REFUSED, FAILED }


    private final MetricRegistry registry;
    private final SeriesChanges changes;
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final AtomicInteger clientWebSockets = new AtomicInteger();
    /**
     * Each series' counter or timer by name and label values: the registry builds and checks a metric id on every
     * lookup, several per request, and the label sets are bounded anyway.
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    @Inject
    public PoolMetrics(MetricRegistry registry, SeriesChanges changes) {
        this.registry = registry;
        this.changes = changes;
    }

    /** Series with a fixed label set start at zero, so dashboards and alert rules see them before the first event. */
    @PostConstruct
    void registerFixedSeries() {
        changes.change(() -> {
            registry.gauge(Metadata.builder().withName(ACTIVE_STREAMS)
                    .withDescription("Responses streaming to clients right now").build(), activeStreams,
                    AtomicInteger::get);
            registry.gauge(Metadata.builder().withName(CLIENT_WEBSOCKETS)
                    .withDescription("Open client WebSockets").build(), clientWebSockets, AtomicInteger::get);
        });
        for (RefreshOutcome outcome : RefreshOutcome.values()) {
            counter(TOKEN_REFRESHES, "Token refreshes by outcome", "outcome", Labels.of(outcome));
        }
        for (RebindReason reason : RebindReason.values()) {
            counter(STICKY_REBINDS, "Sticky mappings moved to another account", "reason", Labels.of(reason));
        }
        for (String kind : Labels.ERROR_KINDS) {
            counter(UPSTREAM_ATTEMPTS, "Upstream attempts by outcome", "outcome", kind);
            if (!kind.equals("ok")) {
                counter(FAILOVERS, "Requests moved to another account, by the error that made them move", "reason",
                        kind);
            }
        }
        counter(REQUEST_LOG_WRITTEN, "Request-log rows written");
        counter(REQUEST_LOG_DROPPED, "Request-log rows dropped because they could not be written");
    }

    /**
     * One proxied request (or WebSocket turn) ended with this HTTP status; {@code knownModel} says whether its model
     * is on the known (priced) list, else it counts as {@code other}.
     */
    public void requestFinished(String route, String transport, String model, boolean knownModel, int status,
                                Long firstByteMillis, long durationMillis) {
        String routeLabel = Labels.route(route);
        String transportLabel = Labels.transport(transport);
        counter(REQUESTS, "Proxied requests by route, transport, model and status class",
                "route", routeLabel, "transport", transportLabel, "model", Labels.model(model, knownModel),
                "status", Labels.statusClass(status)).inc();
        timer(REQUEST_DURATION, "Time from a request's arrival to its last byte", routeLabel, transportLabel)
                .update(Duration.ofMillis(durationMillis));
        if (firstByteMillis != null) {
            timer(TIME_TO_FIRST_BYTE, "Time from a request's arrival to the first byte of its answer", routeLabel,
                    transportLabel).update(Duration.ofMillis(firstByteMillis));
        }
    }

    /** One send to upstream on one account, and how it went ({@code ok} or the error's kind). */
    public void upstreamAttempt(String outcome) {
        counter(UPSTREAM_ATTEMPTS, "Upstream attempts by outcome", "outcome", Labels.errorKind(outcome)).inc();
    }

    /** A request moved on to another account because of this kind of error. */
    public void failover(String reason) {
        counter(FAILOVERS, "Requests moved to another account, by the error that made them move", "reason",
                Labels.errorKind(reason)).inc();
    }

    public void tokenRefresh(RefreshOutcome outcome) {
        counter(TOKEN_REFRESHES, "Token refreshes by outcome", "outcome", Labels.of(outcome)).inc();
    }

    @Override
    public void rebound(RebindReason reason) {
        counter(STICKY_REBINDS, "Sticky mappings moved to another account", "reason", Labels.of(reason)).inc();
    }

    public void requestLogWritten(int rows) {
        counter(REQUEST_LOG_WRITTEN, "Request-log rows written").inc(rows);
    }

    public void requestLogDropped(int rows) {
        counter(REQUEST_LOG_DROPPED, "Request-log rows dropped because they could not be written").inc(rows);
    }

    public void streamStarted() {
        activeStreams.incrementAndGet();
    }

    public void streamEnded() {
        activeStreams.decrementAndGet();
    }

    public void clientWebSocketOpened() {
        clientWebSockets.incrementAndGet();
    }

    public void clientWebSocketClosed() {
        clientWebSockets.decrementAndGet();
    }

    private Counter counter(String name, String help, String... labels) {
        return counters.computeIfAbsent(series(name, labels), key -> changes.add(() -> registry.counter(Metadata
                .builder().withName(name).withDescription(help).build(), tags(labels))));
    }

    private Timer timer(String name, String help, String route, String transport) {
        return timers.computeIfAbsent(List.of(name, route, transport), key -> changes.add(() -> registry.timer(
                Metadata.builder().withName(name).withDescription(help).withUnit(MetricUnits.SECONDS).build(),
                new Tag("route", route), new Tag("transport", transport))));
    }

    private static List<String> series(String name, String... labels) {
        String[] key = new String[labels.length + 1];
        key[0] = name;
        System.arraycopy(labels, 0, key, 1, labels.length);
        return List.of(key);
    }

    static Tag[] tags(String... labels) {
        Tag[] tags = new Tag[labels.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(labels[2 * i], labels[2 * i + 1]);
        }
        return tags;
    }
}
