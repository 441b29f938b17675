package io.codexpool.proxy.apikeys;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.persistence.apikeys.KeyUsageRepository;
import io.codexpool.persistence.apikeys.KeyUsageRow;
import io.codexpool.proxy.apikeys.KeyCounters.Counter;
import io.codexpool.proxy.support.Periodic;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What each key used, per window, shared by the replicas through the database. Requests add to memory only; every
 * {@code codexpool.api-keys.sync-millis} this replica adds its increments to the shared rows in one batch and reads
 * back the rows any replica changed. So a replica sees another's use within two sync periods, and a limit can be
 * overshot by the turns in flight plus what the other replicas let through in that time (README).
 */
@ApplicationScoped
public class KeyUsage {
    private static final Logger LOG = Logger.getLogger(KeyUsage.class.getName());
    /** Reads ask for rows changed since this long before the last read began: a batch may commit a little late. */
    private static final Duration READ_OVERLAP = Duration.ofSeconds(2);
    /** Every so many syncs the counted periods are read whole, in case a late commit slipped past the overlap. */
    private static final int FULL_READ_EVERY = 30;

    private final KeyUsageRepository repository;
    private final ApiKeyRepository keys;
    private final Clock clock;
    private final Duration syncEvery;
    private final Map<String, KeyCounters> byKey = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private Instant readSince;
    private int syncs;
    private Periodic syncer;
    private Periodic pruner;

    @Inject
    public KeyUsage(KeyUsageRepository repository, ApiKeyRepository keys, Clock clock,
                    @ConfigProperty(name = "codexpool.api-keys.sync-millis", defaultValue = "500") long syncMillis) {
        this.repository = repository;
        this.keys = keys;
        this.clock = clock;
        this.syncEvery = Duration.ofMillis(syncMillis);
    }

    @PostConstruct
    void start() {
        syncer = new Periodic("api-key-usage-sync", syncEvery, this::sync);
        pruner = new Periodic("api-key-usage-prune", Duration.ofHours(1), this::prune);
    }

    @PreDestroy
    void stop() {
        syncer.close();
        pruner.close();
        write(); // this replica's last increments still count on the others
    }

    /** Adds a use of {@code model} by the key to every window's current period. */
    public void add(String keyId, String model, Amount amount) {
        Instant now = clock.instant();
        KeyCounters counters = byKey.computeIfAbsent(keyId, id -> new KeyCounters());
        String modelName = model == null ? "" : model;
        for (LimitWindow window : LimitWindow.values()) {
            counters.add(new Counter(window.span(), window.periodStart(now), modelName), amount);
        }
        lastUsed.merge(keyId, now, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Where the key stands against the rule now. */
    public RuleUsage usage(String keyId, LimitRule rule) {
        Instant now = clock.instant();
        KeyCounters counters = byKey.get(keyId);
        List<Map.Entry<Counter, Amount>> counted = counters == null ? List.of() : counters.matching(counter ->
                counter.span().equals(rule.window().span()) && rule.covers(counter.model())
                        && rule.window().counts(counter.periodStart(), now));
        BigDecimal used = counted.stream().map(e -> rule.metric().of(e.getValue()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new RuleUsage(rule, used, resetsAt(rule, counted, used, now));
    }

    private static Instant resetsAt(LimitRule rule, List<Map.Entry<Counter, Amount>> counted, BigDecimal used,
                                    Instant now) {
        LimitWindow window = rule.window();
        if (!window.rolling()) {
            return window.periodEnd(window.periodStart(now));
        }
        // the rolling window frees up as its oldest buckets leave it: the key is let through again once what is
        // left is below the limit
        Map<Instant, BigDecimal> byBucket = new HashMap<>();
        counted.forEach(e -> byBucket.merge(e.getKey().periodStart(), rule.metric().of(e.getValue()),
                BigDecimal::add));
        BigDecimal left = used;
        Instant reset = null;
        for (Instant bucket : byBucket.keySet().stream().sorted(Comparator.naturalOrder()).toList()) {
            reset = window.periodEnd(bucket);
            left = left.subtract(byBucket.get(bucket));
            if (left.compareTo(rule.max()) < 0) {
                break;
            }
        }
        return reset;
    }

    /** Writes this replica's increments, then reads what every replica wrote. */
    synchronized void sync() {
        if (write()) {
            read();
        }
    }

    /**
     * Adds the increments not yet written to the shared rows; false when that failed (they are kept for the next
     * try, and a read now would take them for written).
     */
    private synchronized boolean write() {
        Map<String, Map<Counter, Amount>> increments = new HashMap<>();
        List<KeyUsageRow> rows = new ArrayList<>();
        byKey.forEach((keyId, counters) -> {
            Map<Counter, Amount> unwritten = counters.unwritten();
            if (!unwritten.isEmpty()) {
                increments.put(keyId, unwritten);
                unwritten.forEach((counter, amount) -> rows.add(new KeyUsageRow(keyId, counter.span(),
                        counter.periodStart(), counter.model(), amount.requests(), amount.tokens(),
                        amount.costUsd())));
            }
        });
        Map<String, Instant> touched = Map.copyOf(lastUsed);
        try {
            repository.addAll(rows);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "API key usage not written, kept for the next try: " + e.getMessage());
            return false;
        }
        increments.forEach((keyId, written) -> byKey.get(keyId).wrote(written));
        try {
            keys.touchAll(touched);
            touched.forEach(lastUsed::remove); // a newer use noted meanwhile stays for the next write
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "API keys' last use not written, kept for the next try: " + e.getMessage());
        }
        return true;
    }

    private void read() {
        Instant now = clock.instant();
        boolean complete = readSince == null || ++syncs % FULL_READ_EVERY == 0;
        KeyUsageRepository.Changes changes;
        try {
            changes = repository.changedSince(complete ? null : readSince, LimitWindow.oldestCounted(now));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "API key usage of other replicas not read: " + e.getMessage());
            return;
        }
        readSince = changes.readAt().minus(READ_OVERLAP);
        Map<String, Map<Counter, Amount>> totals = new HashMap<>();
        for (KeyUsageRow row : changes.rows()) {
            totals.computeIfAbsent(row.apiKeyId(), id -> new HashMap<>()).put(
                    new Counter(row.span(), row.periodStart(), row.model()),
                    new Amount(row.requests(), row.tokens(), row.costUsd()));
        }
        totals.keySet().forEach(keyId -> byKey.computeIfAbsent(keyId, id -> new KeyCounters()));
        byKey.forEach((keyId, counters) -> {
            counters.read(totals.getOrDefault(keyId, Map.of()), complete);
            counters.forget(counter -> {
                LimitWindow window = LimitWindow.ofSpan(counter.span());
                return window == null || !window.counts(counter.periodStart(), now);
            });
        });
    }

    /** Deletes rows of periods that no rule counts any more. */
    private void prune() {
        Instant now = clock.instant();
        try {
            for (LimitWindow window : LimitWindow.values()) {
                Instant before = window.rolling() ? now.minus(LimitWindow.ROLLING).minus(1, ChronoUnit.HOURS)
                        : window.periodStart(now);
                repository.deleteOlderThan(window.span(), before);
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "old API key usage not deleted: " + e.getMessage());
        }
    }
}
