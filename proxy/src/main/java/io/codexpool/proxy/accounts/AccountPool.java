package io.codexpool.proxy.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.persistence.usage.UsageWindow;
import io.codexpool.proxy.support.AsyncBatchWriter;
import io.codexpool.proxy.support.Periodic;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every account's state in memory, re-read from the database every second (admin changes, other replicas), and
 * updated at once from live upstream replies. Routing only ever reads this.
 */
@ApplicationScoped
public class AccountPool {
    private static final Logger LOG = Logger.getLogger(AccountPool.class.getName());
    private static final Duration LIMIT_WITHOUT_RESET = Duration.ofHours(1);

    private final AccountRepository accounts;
    private final UsageSampleRepository usageSamples;
    private final TokenCipher cipher;
    private final Clock clock;
    private final Duration refreshEvery;
    private final int writerQueueCapacity;
    private final Map<String, AccountState> states = new ConcurrentHashMap<>();
    /** Each account's access token as last decrypted, with the ciphertext it came from. */
    private final Map<String, DecryptedToken> accessTokens = new ConcurrentHashMap<>();
    private AsyncBatchWriter<UsageSample> usageWriter;
    private Periodic refresher;

    @Inject
    public AccountPool(AccountRepository accounts, UsageSampleRepository usageSamples, TokenCipher cipher,
                       Clock clock,
                       @ConfigProperty(name = "codexpool.accounts.refresh-millis", defaultValue = "1000")
                       long refreshMillis,
                       @ConfigProperty(name = "codexpool.writers.queue-capacity", defaultValue = "100000")
                       int writerQueueCapacity) {
        this.accounts = accounts;
        this.usageSamples = usageSamples;
        this.cipher = cipher;
        this.clock = clock;
        this.refreshEvery = Duration.ofMillis(refreshMillis);
        this.writerQueueCapacity = writerQueueCapacity;
    }

    @PostConstruct
    void start() {
        usageWriter = new AsyncBatchWriter<>("usage-samples", writerQueueCapacity,
                (samples, retry) -> usageSamples.saveAll(samples)); // a sample stored twice changes no reading
        refresh();
        refresher = new Periodic("accounts-refresh", refreshEvery, this::refresh);
    }

    void flushOnShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class)
                         Object event) {
        refresher.close();
        usageWriter.close();
    }

    /** Usage samples waiting to be written, and those dropped since start. */
    public int usageSamplesPending() {
        return usageWriter.pending();
    }

    public long usageSamplesDropped() {
        return usageWriter.dropped();
    }

    public Collection<AccountState> all() {
        return states.values();
    }

    public Optional<AccountState> get(String id) {
        return Optional.ofNullable(states.get(id));
    }

    /**
     * Re-reads accounts and their newest usage; accounts deleted elsewhere disappear. Reads are applied one at a time
     * (with {@link #reload}), so an older read never lands after a newer one.
     */
    public synchronized void refresh() {
        long readStarted = System.nanoTime();
        List<Account> rows = accounts.findAll();
        Set<String> present = new HashSet<>();
        for (Account row : rows) {
            present.add(row.getId());
            store(states.computeIfAbsent(row.getId(), AccountState::new), row, readStarted);
        }
        states.keySet().retainAll(present);
        accessTokens.keySet().retainAll(present);
        for (UsageSample sample : usageSamples.findLatestPerAccountAndWindow()) {
            AccountState state = states.get(sample.getAccountId());
            if (state != null) {
                WindowUsage usage = new WindowUsage(sample.getUsedPercent(), sample.getWindowMinutes(),
                        sample.getResetAt(), sample.getRecordedAt());
                state.usage(sample.getWindow() == UsageWindow.PRIMARY ? usage : null,
                        sample.getWindow() == UsageWindow.SECONDARY ? usage : null);
            }
        }
    }

    /** Re-reads one account's row at once, e.g. tokens another replica may just have rotated. */
    public synchronized void reload(AccountState state) {
        long readStarted = System.nanoTime();
        accounts.findById(state.id()).ifPresent(row -> store(state, row, readStarted));
    }

    private static void store(AccountState state, Account row, long readStarted) {
        state.stored(row.getEmail(), row.getChatgptAccountId(), row.getPlanType(), row.getStatus(), row.getResetAt(),
                row.getDeactivationReason(), row.getAccessTokenEncrypted(), row.getRefreshTokenEncrypted(),
                row.getLastRefreshAt(), readStarted);
    }

    /**
     * The account's access token in clear. Decrypting (AES-GCM) on every request cost more than routing itself, so
     * the clear token is kept per account for as long as the stored ciphertext is byte for byte the same; a new
     * token (refresh, re-import, another replica) is new ciphertext and is decrypted once.
     */
    public String accessToken(AccountState state) {
        byte[] encrypted = state.accessTokenEncrypted();
        if (encrypted == null) {
            return cipher.decrypt(null);
        }
        DecryptedToken cached = accessTokens.get(state.id());
        if (cached != null && Arrays.equals(cached.encrypted(), encrypted)) {
            return cached.token();
        }
        String token = cipher.decrypt(encrypted);
        accessTokens.put(state.id(), new DecryptedToken(encrypted.clone(), token));
        return token;
    }

    private record DecryptedToken(byte[] encrypted, String token) {
    }

    public String refreshToken(AccountState state) {
        return cipher.decrypt(state.refreshTokenEncrypted());
    }

    /** A fresh reading from an upstream reply: in memory now, in the database soon. */
    public void recordUsage(AccountState state, WindowUsage primary, WindowUsage secondary, UsageSource source) {
        state.usage(primary, secondary);
        if (primary != null) {
            usageWriter.submit(sample(state, UsageWindow.PRIMARY, primary, source));
        }
        if (secondary != null) {
            usageWriter.submit(sample(state, UsageWindow.SECONDARY, secondary, source));
        }
    }

    /**
     * Limits the account until {@code resetAt}; without one, until a fixed hour from now, so the limit ends by itself
     * (an "hour from now" worked out again at every look would never end).
     */
    public void markLimited(AccountState state, AccountStatus status, Instant resetAt) {
        Instant until = resetAt != null ? resetAt : clock.instant().plus(LIMIT_WITHOUT_RESET);
        state.status(status, until, null);
        accounts.limit(state.id(), status, until);
        state.statusStored();
        LOG.info(() -> "account " + state.id() + " is " + status.wireName() + " until " + until);
    }

    /** Back in the pool after a limit's reset, without an admin. */
    public void markActive(AccountState state) {
        state.status(AccountStatus.ACTIVE, null, null);
        accounts.liftLimit(state.id());
        state.statusStored();
        LOG.info(() -> "account " + state.id() + " is active again");
    }

    /** The plan upstream reports now (upgrades and downgrades happen). */
    public void updatePlan(AccountState state, String planType) {
        state.plan(planType);
        accounts.updatePlan(state.id(), planType);
    }

    public void deactivate(AccountState state, String reason) {
        state.status(AccountStatus.DEACTIVATED, null, reason);
        accounts.deactivate(state.id(), reason);
        state.statusStored();
        LOG.warning(() -> "account " + state.id() + " deactivated: " + reason);
    }

    public void cooldown(AccountState state, Instant until) {
        state.cooldown(until);
    }

    public void recordError(AccountState state, String message) {
        state.error(message, clock.instant());
    }

    public void recordSuccess(AccountState state) {
        state.succeeded();
    }

    /** Stores rotated tokens encrypted, then uses them at once. */
    public void updateTokens(AccountState state, String accessToken, String refreshToken, String idToken,
                             Instant refreshedAt) {
        // The database keeps microseconds; memory must hold the same instant, as callers compare refresh times.
        Instant storedAt = refreshedAt.truncatedTo(ChronoUnit.MICROS);
        byte[] access = cipher.encrypt(accessToken);
        byte[] refresh = refreshToken == null ? state.refreshTokenEncrypted() : cipher.encrypt(refreshToken);
        accounts.updateTokens(state.id(), access, refresh, idToken == null ? null : cipher.encrypt(idToken),
                storedAt);
        state.tokens(access, refresh, storedAt);
    }

    private UsageSample sample(AccountState state, UsageWindow window, WindowUsage usage, UsageSource source) {
        return new UsageSample(state.id(), window, usage.usedPercent(), usage.windowMinutes(), usage.resetAt(),
                usage.recordedAt(), source);
    }
}
