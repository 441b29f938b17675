package io.codexpool.proxy.gauges;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.WindowUsage;
import io.codexpool.proxy.chains.ChainStore;
import io.codexpool.proxy.metrics.SeriesChanges;
import io.codexpool.proxy.requestlogs.RequestLogWriter;
import io.codexpool.proxy.accounts.Availability;
import io.codexpool.proxy.sticky.StickyView;
import io.codexpool.proxy.support.EagerBackgroundWork;
import io.codexpool.proxy.support.Periodic;
import io.codexpool.proxy.usage.PoolUsage;
import io.codexpool.proxy.usage.PoolWindowUsage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Gauges read from memory when {@code /metrics} is scraped: per account (used percent per window, status), the pool's
 * remaining share per window, sticky mappings per kind, the request-log queue and the conversation chains held.
 * Accounts come and go, so their series are added and removed every second to match the account list.
 */
@ApplicationScoped
public class PoolGauges extends EagerBackgroundWork {
    public static final String ACCOUNT_USED_PERCENT = "codexpool_account_used_percent";
    public static final String ACCOUNT_STATUS = "codexpool_account_status";
    public static final String POOL_REMAINING_PERCENT = "codexpool_pool_remaining_percent";
    public static final String STICKY_MAPPINGS = "codexpool_sticky_mappings";
    public static final String REQUEST_LOG_QUEUE = "codexpool_request_log_queue";
    public static final String CHAIN_RESPONSES = "codexpool_chain_responses";
    public static final String CHAIN_BYTES = "codexpool_chain_bytes";
    private static final Duration SYNC_EVERY = Duration.ofSeconds(1);
    private static final List<AccountStatus> STATUSES = List.of(AccountStatus.values());

    private final MetricRegistry registry;
    private final SeriesChanges changes;
    private final AccountPool pool;
    private final PoolUsage poolUsage;
    private final StickyView sticky;
    private final RequestLogWriter requestLogs;
    private final ChainStore chains;
    private final Clock clock;
    /** The series registered for each account id, to remove them when it goes or its email changes. */
    private final Map<String, AccountSeries> accounts = new HashMap<>();

    private record AccountSeries(String label, List<MetricID> ids) {
    }

    @Inject
    public PoolGauges(MetricRegistry registry, SeriesChanges changes, AccountPool pool, PoolUsage poolUsage,
                      StickyView sticky, RequestLogWriter requestLogs, ChainStore chains, Clock clock) {
        this.registry = registry;
        this.changes = changes;
        this.pool = pool;
        this.poolUsage = poolUsage;
        this.sticky = sticky;
        this.requestLogs = requestLogs;
        this.chains = chains;
        this.clock = clock;
    }

    @Override
    protected List<AutoCloseable> startWork() {
        changes.change(this::registerFixedSeries);
        syncAccounts();
        return List.of(new Periodic("metrics-accounts", SYNC_EVERY, this::syncAccounts));
    }

    private void registerFixedSeries() {
        poolRemaining("primary", false);
        poolRemaining("secondary", true);
        for (StickyKind kind : StickyKind.values()) {
            registry.gauge(Metadata.builder().withName(STICKY_MAPPINGS)
                            .withDescription("Sticky mappings held in memory (used within the memory window)").build(),
                    sticky, view -> view.count(kind), new Tag("kind", kind.wireName()));
        }
        registry.gauge(Metadata.builder().withName(REQUEST_LOG_QUEUE)
                .withDescription("Request-log rows waiting to be written").build(), requestLogs,
                RequestLogWriter::pending);
        registry.gauge(Metadata.builder().withName(CHAIN_RESPONSES)
                .withDescription("Responses of conversation chains this replica can continue").build(), chains,
                ChainStore::size);
        registry.gauge(Metadata.builder().withName(CHAIN_BYTES)
                .withDescription("JSON bytes of the chain items held for replays").build(), chains, ChainStore::bytes);
    }

    private void poolRemaining(String window, boolean weekly) {
        registry.gauge(Metadata.builder().withName(POOL_REMAINING_PERCENT)
                .withDescription("The pool's unused share of the window, weighted by plan capacity").build(),
                poolUsage, usage -> {
                    PoolWindowUsage computed = PoolUsage.window(usage.usable(), weekly);
                    return computed == null ? Double.NaN : 100.0 - computed.usedPercent();
                }, new Tag("window", window));
    }

    /** Adds series for new accounts and removes those of deleted ones (or of an old email). */
    synchronized void syncAccounts() {
        changes.change(this::matchAccounts);
    }

    private void matchAccounts() {
        Set<String> present = new HashSet<>();
        for (AccountState account : pool.all()) {
            present.add(account.id());
            String label = account.email() == null ? account.id() : account.email();
            AccountSeries known = accounts.get(account.id());
            if (known != null && known.label().equals(label)) {
                continue;
            }
            if (known != null) {
                known.ids().forEach(registry::remove);
            }
            accounts.put(account.id(), new AccountSeries(label, register(account, label)));
        }
        accounts.entrySet().removeIf(entry -> {
            if (present.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().ids().forEach(registry::remove);
            return true;
        });
    }

    private List<MetricID> register(AccountState account, String label) {
        List<MetricID> ids = new ArrayList<>();
        ids.add(usedPercent(account, label, "primary", state -> percent(state.primary())));
        ids.add(usedPercent(account, label, "secondary", state -> percent(state.secondary())));
        for (AccountStatus status : STATUSES) {
            Tag[] tags = {new Tag("account", label), new Tag("account_id", account.id()),
                    new Tag("status", status.wireName())};
            registry.gauge(Metadata.builder().withName(ACCOUNT_STATUS)
                            .withDescription("1 for the account's current status, 0 for the others").build(),
                    account, state -> status(state, clock.instant()) == status ? 1 : 0, tags);
            ids.add(new MetricID(ACCOUNT_STATUS, tags));
        }
        return ids;
    }

    private MetricID usedPercent(AccountState account, String label, String window,
                                 ToDoubleFunction<AccountState> value) {
        Tag[] tags = {new Tag("account", label), new Tag("account_id", account.id()), new Tag("window", window)};
        registry.gauge(Metadata.builder().withName(ACCOUNT_USED_PERCENT)
                .withDescription("The account's used percent of the window, as last sampled").build(), account,
                value::applyAsDouble, tags);
        return new MetricID(ACCOUNT_USED_PERCENT, tags);
    }

    private static double percent(WindowUsage usage) {
        return usage == null ? Double.NaN : usage.usedPercent();
    }

    /** The status routing acts on now: a limit whose reset has passed is over, a full window is a limit. */
    static AccountStatus status(AccountState account, Instant now) {
        return switch (Availability.of(account, now)) {
            case PAUSED -> AccountStatus.PAUSED;
            case DEACTIVATED -> AccountStatus.DEACTIVATED;
            case LIMITED -> account.status() == AccountStatus.QUOTA_EXCEEDED
                    || account.secondary() != null && account.secondary().exhausted(now)
                    ? AccountStatus.QUOTA_EXCEEDED : AccountStatus.RATE_LIMITED;
            case AVAILABLE, COOLING_DOWN -> AccountStatus.ACTIVE;
        };
    }
}
