package io.codexpool.proxy.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.leases.Lease;
import io.codexpool.persistence.leases.LeaseRepository;
import io.codexpool.persistence.leases.LeaseTable;
import io.codexpool.proxy.metrics.PoolMetrics;
import io.codexpool.proxy.metrics.PoolMetrics.RefreshOutcome;
import io.codexpool.proxy.upstream.UpstreamError;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refreshes an account's tokens at the OAuth token endpoint, one refresh in flight per account: concurrent callers
 * wait for the same one, and replicas on the same database (or on any node of a Galera cluster) take turns under the
 * account's lease row, each re-reading the tokens once it holds it (refresh tokens rotate, and presenting one another
 * replica has just used deactivates the account). Taking the lease is one short statement: no database connection is
 * held while the refresh runs, so many accounts refreshing at once cannot drain the connection pool.
 * Permanent errors deactivate the account with a readable reason; temporary ones leave it alone. Tokens older than
 * {@code codexpool.auth.refresh-after-days} are refreshed before use. A sign-in's new tokens are stored between
 * refreshes ({@link #storingSignIn}).
 */
@ApplicationScoped
public class TokenRefresher {
    private static final Logger LOG = Logger.getLogger(TokenRefresher.class.getName());
    /** After a temporary failure, a stale (but still accepted) token is not refreshed again for this long. */
    private static final Duration STALE_RETRY = Duration.ofMinutes(5);
    /** Longer than one refresh can take (connect and read timeouts below), so a waiting replica sees its result. */
    private static final Duration REPLICA_WAIT = Duration.ofSeconds(45);
    /** Outlasts one refresh (connect and read timeouts below), so a live holder never loses the lease mid-refresh. */
    private static final Duration LEASE_TTL = Duration.ofSeconds(60);
    /** How often a replica waiting for another's refresh looks at the lease again. */
    private static final Duration LEASE_CHECK = Duration.ofMillis(100);

    private final AccountPool pool;
    private final PoolMetrics metrics;
    private final LeaseRepository leases;
    private final String holder = LeaseTable.newHolderName();
    private final Clock clock;
    private final AuthServer authServer;
    private final Duration refreshAfter;
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Instant> staleRetryAfter = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> tokenLocks = new ConcurrentHashMap<>();

    @Inject
    public TokenRefresher(AccountPool pool, PoolMetrics metrics, LeaseRepository leases, Clock clock,
                          AuthServer authServer,
                          @ConfigProperty(name = "codexpool.auth.refresh-after-days", defaultValue = "8")
                          long refreshAfterDays) {
        this.pool = pool;
        this.metrics = metrics;
        this.leases = leases;
        this.refreshAfter = Duration.ofDays(refreshAfterDays);
        this.clock = clock;
        this.authServer = authServer;
    }

    /**
     * Refreshes after upstream refused the token the account had when it was last refreshed at {@code tokenFrom};
     * when a concurrent caller has refreshed since, its token is used instead of refreshing again.
     */
    public boolean refreshRejected(AccountState account, Instant tokenFrom) {
        return refresh(account, current -> Objects.equals(current.lastRefreshAt(), tokenFrom));
    }

    /**
     * Refreshes the tokens first when they are older than the refresh age; a temporary failure keeps the old token
     * (it may still be accepted) and is retried a few minutes later.
     *
     * @return false when the account is deactivated and must not be used
     */
    public boolean refreshIfStale(AccountState account) {
        if (stale(account)) {
            Instant retryAfter = staleRetryAfter.get(account.id());
            if (retryAfter == null || !clock.instant().isBefore(retryAfter)) {
                if (refresh(account, this::stale)) {
                    staleRetryAfter.remove(account.id());
                } else {
                    staleRetryAfter.put(account.id(), clock.instant().plus(STALE_RETRY));
                }
            }
        }
        return account.status() != AccountStatus.DEACTIVATED;
    }

    private boolean stale(AccountState account) {
        Instant last = account.lastRefreshAt();
        return last == null || last.plus(refreshAfter).isBefore(clock.instant());
    }

    /**
     * Single flight: the first caller of this replica takes the account's lease among replicas, re-reads the account
     * and refreshes if {@code needed} still holds; the others wait for its result.
     */
    private boolean refresh(AccountState account, Predicate<AccountState> needed) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(account.id(), mine);
        if (running != null) {
            return running.join();
        }
        try {
            boolean refreshed = refreshHoldingLease(account, needed);
            mine.complete(refreshed);
            return refreshed;
        } catch (RuntimeException e) {
            mine.complete(false);
            throw e;
        } finally {
            inFlight.remove(account.id(), mine);
        }
    }

    private boolean refreshHoldingLease(AccountState account, Predicate<AccountState> needed) {
        return holdingTokenLease(account.id(), () -> {
            pool.reload(account);
            if (account.status() == AccountStatus.DEACTIVATED) {
                return false; // another replica's refresh was refused for good meanwhile
            }
            return !needed.test(account) || refreshNow(account);
        }, () -> {
            LOG.warning(() -> "token refresh of account " + account.id() + " skipped: another replica held it"
                    + " for over " + REPLICA_WAIT.toSeconds() + " s");
            return false;
        });
    }

    /**
     * Runs {@code write}, which stores a sign-in's new tokens for the account, while no refresh of it runs on any
     * replica: a refresh under way with the old refresh token ends first (else it stored its tokens over the new ones,
     * or deactivated the account when upstream refused the old token), and the next one reads the new tokens. Should
     * another replica hold the account's lease for longer than a refresh can take, the sign-in is stored anyway.
     */
    public <T> T storingSignIn(String accountId, Supplier<T> write) {
        return holdingTokenLease(accountId, write, write);
    }

    /**
     * Runs {@code work} holding the account's lock on this replica and its lease among replicas (a replica's lease is
     * its own to take again, so the lock keeps a sign-in and a refresh of one replica apart); {@code gaveUp} when
     * another replica held the lease past {@link #REPLICA_WAIT}.
     */
    private <T> T holdingTokenLease(String accountId, Supplier<T> work, Supplier<T> gaveUp) {
        ReentrantLock local = tokenLocks.computeIfAbsent(accountId, id -> new ReentrantLock());
        local.lock();
        try {
            String name = "token-refresh:" + accountId;
            long deadline = System.nanoTime() + REPLICA_WAIT.toNanos();
            while (true) {
                Optional<Lease> lease = leases.acquire(name, holder, LEASE_TTL);
                if (lease.isPresent()) {
                    try {
                        return work.get();
                    } finally {
                        leases.release(lease.get());
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    return gaveUp.get();
                }
                LockSupport.parkNanos(LEASE_CHECK.toNanos()); // another replica is refreshing: look again shortly
            }
        } finally {
            local.unlock();
        }
    }

    private boolean refreshNow(AccountState account) {
        String refreshToken = pool.refreshToken(account);
        if (refreshToken == null) {
            pool.deactivate(account, "no refresh token stored: sign in again");
            metrics.tokenRefresh(RefreshOutcome.REFUSED);
            return false;
        }
        try {
            AuthServer.Reply reply = authServer.refresh(refreshToken);
            JsonNode json = reply.json();
            if (reply.ok() && json.hasNonNull("access_token")) {
                pool.updateTokens(account, json.get("access_token").asText(),
                        json.hasNonNull("refresh_token") ? json.get("refresh_token").asText() : null,
                        json.hasNonNull("id_token") ? json.get("id_token").asText() : null, clock.instant());
                LOG.info(() -> "refreshed tokens of account " + account.id());
                metrics.tokenRefresh(RefreshOutcome.REFRESHED);
                return true;
            }
            JsonNode error = json == null ? null : (json.get("error") != null && json.get("error").isObject()
                    ? json.get("error") : json);
            UpstreamError classified = UpstreamError.of(reply.status(), error, clock.instant());
            if (classified.kind() == UpstreamError.Kind.PERMANENT) {
                pool.deactivate(account, deactivationReason(classified));
                metrics.tokenRefresh(RefreshOutcome.REFUSED);
            } else {
                metrics.tokenRefresh(RefreshOutcome.FAILED);
                LOG.warning(() -> "token refresh of account " + account.id() + " failed with "
                        + reply.status() + " " + classified.code() + "; will retry later");
            }
            return false;
        } catch (jakarta.ws.rs.ProcessingException e) {
            LOG.warning(() -> "token refresh of account " + account.id() + " failed: " + e.getMessage());
            metrics.tokenRefresh(RefreshOutcome.FAILED);
            return false;
        }
    }

    /** What the Accounts page shows: upstream's own sentence when it gave one, and what to do. */
    static String deactivationReason(UpstreamError error) {
        String why = error.message() != null && !error.message().isBlank() ? error.message().strip()
                : "the sign-in is no longer valid";
        return "Token refresh refused (" + error.code() + "): " + why + " Sign in again to use this account.";
    }
}
