package io.codexpool.proxy.sticky;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;
import io.codexpool.persistence.sticky.StickySessionId;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.proxy.support.DatabaseFailures;
import io.codexpool.proxy.support.Periodic;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sticky mappings in use, in memory, written through to the database in the background (within a fraction of a
 * second) and refreshed from it, so lookups never wait for the database and replicas share their mappings. Durable
 * mappings pile up (one per Codex session ever seen), so memory holds only those used within
 * {@code codexpool.sticky.memory-hours}; an older conversation that comes back is read from the database once.
 */
@ApplicationScoped
public class StickyView {
    private static final Logger LOG = Logger.getLogger(StickyView.class.getName());
    private static final Duration FLUSH_EVERY = Duration.ofMillis(200);
    /** Rows written by another replica may carry a slightly earlier clock. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(5);

    private record Pending(Binding binding, boolean rebind) {
    }

    private final StickySessionRepository repository;
    private final Clock clock;
    private final Duration refreshEvery;
    private final long fullReloadEvery;
    private final Duration memoryWindow;
    private final Map<StickySessionId, Binding> bindings = new ConcurrentHashMap<>();
    private final Map<StickySessionId, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private Instant lastRefresh = Instant.EPOCH;
    private long refreshes;
    private Periodic refresher;
    private Periodic flusher;

    @Inject
    public StickyView(StickySessionRepository repository, Clock clock,
                      @ConfigProperty(name = "codexpool.sticky.refresh-millis", defaultValue = "1000")
                      long refreshMillis,
                      @ConfigProperty(name = "codexpool.sticky.full-reload-every", defaultValue = "10")
                      long fullReloadEvery,
                      @ConfigProperty(name = "codexpool.sticky.memory-hours", defaultValue = "24") long memoryHours) {
        this.repository = repository;
        this.clock = clock;
        this.refreshEvery = Duration.ofMillis(refreshMillis);
        this.fullReloadEvery = Math.max(1, fullReloadEvery);
        this.memoryWindow = Duration.ofHours(Math.max(1, memoryHours));
    }

    @PostConstruct
    void start() {
        reload();
        refresher = new Periodic("sticky-refresh", refreshEvery, this::refresh);
        flusher = new Periodic("sticky-flush", FLUSH_EVERY, this::flush);
    }

    void flushOnShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class)
                         Object event) {
        refresher.close();
        flusher.close();
        flush();
    }

    /**
     * The binding known here or, on a miss, stored by another replica since the last refresh. Only a miss reads the
     * database, and a miss is the first request of a conversation on this replica.
     */
    public Binding get(StickySessionId id) {
        Binding known = bindings.get(id);
        if (known != null) {
            return known;
        }
        try {
            return repository.find(id.getKey(), id.getKind())
                    .map(row -> bindings.merge(id, binding(row), (current, stored) -> current))
                    .orElse(null);
        } catch (RuntimeException e) {
            // The database is away: the conversation is routed from memory like a new one rather than failed.
            LOG.warning("sticky mapping not readable, choosing afresh: " + DatabaseFailures.describe(e));
            return null;
        }
    }

    /** The current binding, or the one {@code choose} makes when there is none; one winner per key. */
    public Binding bindIfAbsent(StickySessionId id, Supplier<String> choose) {
        boolean[] created = {false};
        Binding binding = bindings.compute(id, (key, existing) -> {
            if (existing != null) {
                return existing;
            }
            created[0] = true;
            Instant now = clock.instant();
            return new Binding(choose.get(), now, now);
        });
        if (created[0]) {
            pending.put(id, new Pending(binding, true));
        }
        return binding;
    }

    /** Replaces whatever binding there is, unconditionally. */
    public Binding bind(StickySessionId id, String accountId) {
        Instant now = clock.instant();
        Binding binding = bindings.compute(id, (key, existing) ->
                new Binding(accountId, existing == null || !existing.accountId().equals(accountId) ? now
                        : existing.createdAt(), now));
        pending.put(id, new Pending(binding, true));
        return binding;
    }

    public void touch(StickySessionId id, String accountId) {
        Instant now = clock.instant();
        Binding binding = bindings.computeIfPresent(id, (key, existing) -> existing.accountId().equals(accountId)
                ? new Binding(accountId, existing.createdAt(), now) : existing);
        if (binding != null && binding.accountId().equals(accountId)) {
            pending.merge(id, new Pending(binding, false),
                    (old, fresh) -> new Pending(fresh.binding(), old.rebind() || fresh.rebind()));
        }
    }

    /** How many mappings of this kind are held in memory. */
    public long count(StickyKind kind) {
        return bindings.keySet().stream().filter(id -> id.getKind() == kind).count();
    }

    /** Whether the mapping is held in memory (the rest are read from the database when asked for). */
    boolean remembers(StickySessionId id) {
        return bindings.containsKey(id);
    }

    /** Forgets a mapping here; deleting the row is the caller's business. */
    public void evict(StickySessionId id) {
        bindings.remove(id);
        pending.remove(id);
    }

    /**
     * Re-reads every mapping used within the memory window now, dropping the others: those gone from the database
     * and those unused for longer.
     */
    public synchronized void reload() {
        Instant started = clock.instant();
        Map<StickySessionId, Binding> fresh = new HashMap<>();
        for (StickySession row : repository.findUpdatedSince(started.minus(memoryWindow))) {
            fresh.put(new StickySessionId(row.getKey(), row.getKind()), binding(row));
        }
        bindings.keySet().removeIf(id -> !fresh.containsKey(id) && !pending.containsKey(id));
        fresh.forEach(this::applyStored);
        lastRefresh = started;
    }

    void refresh() {
        if (++refreshes % fullReloadEvery == 0) {
            reload();
            return;
        }
        synchronized (this) {
            Instant started = clock.instant();
            for (StickySession row : repository.findUpdatedSince(lastRefresh.minus(CLOCK_SLACK))) {
                applyStored(new StickySessionId(row.getKey(), row.getKind()), binding(row));
            }
            lastRefresh = started;
        }
    }

    private void applyStored(StickySessionId id, Binding stored) {
        if (pending.containsKey(id)) {
            return; // our own newer write is on its way
        }
        bindings.merge(id, stored, (current, row) -> row.updatedAt().isBefore(current.updatedAt()) ? current : row);
    }

    /**
     * Writes the pending mappings, under the lock reloads take: a mapping taken off {@code pending} for writing is
     * neither pending nor stored until its row commits, and a reload then would drop it from memory. Requests never
     * take this lock.
     */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<StickySession> upserts = new ArrayList<>();
        List<StickySession> touches = new ArrayList<>();
        Map<StickySessionId, Pending> taken = new HashMap<>();
        for (StickySessionId id : List.copyOf(pending.keySet())) {
            Pending write = pending.remove(id);
            if (write != null) {
                taken.put(id, write);
                StickySession row = new StickySession(id.getKey(), id.getKind(), write.binding().accountId(),
                        write.binding().createdAt(), write.binding().updatedAt());
                (write.rebind() ? upserts : touches).add(row);
            }
        }
        // In primary-key order, so replicas writing overlapping keys lock rows in the same order and never deadlock.
        Comparator<StickySession> byKey = Comparator.comparing(StickySession::getKey)
                .thenComparing(row -> row.getKind().wireName());
        upserts.sort(byKey);
        touches.sort(byKey);
        try {
            repository.upsertAll(upserts);
            repository.touchAll(touches);
        } catch (SQLException | RuntimeException e) {
            if (DatabaseFailures.databaseAway(e)) {
                LOG.warning("sticky mappings not written, retrying: " + DatabaseFailures.describe(e));
                taken.forEach(pending::putIfAbsent);
            } else {
                writeOneByOne(upserts, touches, taken);
            }
        }
    }

    /**
     * The database refused the batch for the content of some row: each is written alone so the others land, and a
     * row refused alone is dropped (retrying it would fail forever and hold back every later mapping).
     */
    private void writeOneByOne(List<StickySession> upserts, List<StickySession> touches,
                               Map<StickySessionId, Pending> taken) {
        for (StickySession row : upserts) {
            writeAlone(row, true, taken);
        }
        for (StickySession row : touches) {
            writeAlone(row, false, taken);
        }
    }

    private void writeAlone(StickySession row, boolean upsert, Map<StickySessionId, Pending> taken) {
        StickySessionId id = new StickySessionId(row.getKey(), row.getKind());
        try {
            if (upsert) {
                repository.upsertAll(List.of(row));
            } else {
                repository.touchAll(List.of(row));
            }
        } catch (SQLException | RuntimeException e) {
            if (DatabaseFailures.databaseAway(e)) {
                pending.putIfAbsent(id, taken.get(id));
                return;
            }
            dropped.incrementAndGet();
            LOG.severe("sticky mapping of kind " + row.getKind().wireName() + " dropped, the database refuses it ("
                    + DatabaseFailures.describe(e) + ")");
        }
    }

    /** Mappings the database refused and that were dropped since start. */
    public long dropped() {
        return dropped.get();
    }

    private static Binding binding(StickySession row) {
        return new Binding(row.getAccountId(), row.getCreatedAt(), row.getUpdatedAt());
    }
}
