package io.codexpool.proxy.usage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.proxy.accounts.AccountAdded;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.TokenRefresher;
import io.codexpool.proxy.accounts.WindowUsage;
import io.codexpool.proxy.support.EagerBackgroundWork;
import io.codexpool.proxy.support.JobLeases;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.UpstreamError;
import io.codexpool.proxy.upstream.UpstreamHttpClient;
import io.codexpool.proxy.upstream.UpstreamReply;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Polls {@code /wham/usage} for every account not deactivated, on the replica holding the {@code usage-poll} lease:
 * usage samples for both windows, the plan, and the status that follows from them (limited until the reset, then
 * active again by itself). Accounts with a sample younger than the interval (from reply headers) are skipped. Accounts
 * are polled several at a time on virtual threads, each call with a short timeout, so a round over many accounts or a
 * slow upstream stays well inside the lease; a round whose lease can no longer be vouched for starts no further
 * calls. Old samples are pruned by the {@code usage-prune} job.
 */
@ApplicationScoped
public class UsagePoller extends EagerBackgroundWork {
    private static final Logger LOG = Logger.getLogger(UsagePoller.class.getName());
    private static final String PATH = "/wham/usage";
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** Accounts polled at once: enough that a round is short, few enough not to look like a burst upstream. */
    private static final int PARALLEL_POLLS = 8;

    private final AccountPool pool;
    private final TokenRefresher refresher;
    private final UpstreamHttpClient upstream;
    private final UsageSampleRepository samples;
    private final JobLeases leases;
    private final Clock clock;
    private final Duration every;
    private final Duration retention;
    private final Duration callTimeout;

    @Inject
    public UsagePoller(AccountPool pool, TokenRefresher refresher, UpstreamHttpClient upstream,
                       UsageSampleRepository samples, JobLeases leases, Clock clock,
                       @ConfigProperty(name = "codexpool.usage.poll-seconds", defaultValue = "60") long pollSeconds,
                       @ConfigProperty(name = "codexpool.usage.retention-days", defaultValue = "30")
                       long retentionDays,
                       @ConfigProperty(name = "codexpool.usage.poll-timeout-seconds", defaultValue = "10")
                       long callTimeoutSeconds) {
        this.pool = pool;
        this.refresher = refresher;
        this.upstream = upstream;
        this.samples = samples;
        this.leases = leases;
        this.clock = clock;
        this.every = Duration.ofSeconds(pollSeconds);
        this.retention = Duration.ofDays(retentionDays);
        this.callTimeout = Duration.ofSeconds(callTimeoutSeconds);
    }

    @Override
    protected List<AutoCloseable> startWork() {
        return List.of(leases.schedule("usage-poll", every, (BooleanSupplier held) -> pollAll(held)),
                leases.schedule("usage-prune", PRUNE_EVERY, this::prune));
    }

    /** One round over every account not deactivated. */
    public void pollAll() {
        pollAll(() -> true);
    }

    /** One round, starting no further call once {@code leaseHeld} turns false; returns when every call has ended. */
    void pollAll(BooleanSupplier leaseHeld) {
        Semaphore slots = new Semaphore(PARALLEL_POLLS);
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            for (AccountState account : pool.all()) {
                if (account.status() == AccountStatus.DEACTIVATED) {
                    continue;
                }
                slots.acquireUninterruptibly();
                if (!leaseHeld.getAsBoolean()) {
                    slots.release();
                    LOG.warning("usage poll stopped: this replica no longer holds the usage-poll lease");
                    break;
                }
                calls.submit(() -> {
                    try {
                        pollIfDue(account);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private void pollIfDue(AccountState account) {
        Instant now = clock.instant();
        try {
            if (limitOver(account, now)) {
                pool.markActive(account);
            }
            if (!sampledWithin(account, now)) {
                poll(account);
            }
        } catch (ProcessingException e) {
            LOG.warning(() -> "usage poll of account " + account.id() + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "usage poll of account " + account.id() + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads a just-added account's usage at once, on an event thread, not the admin's request. */
    void readNewAccount(@ObservesAsync AccountAdded added) {
        pool.get(added.accountId()).ifPresent(account -> {
            try {
                poll(account);
            } catch (RuntimeException e) { // network, token or database: the next regular poll tries again
                LOG.warning(() -> "first usage read of account " + account.id() + " failed, the next poll retries: "
                        + e.getMessage());
            }
        });
    }

    /** Deletes samples older than the retention; returns how many went. */
    public int prune() {
        int deleted = samples.deleteRecordedBefore(clock.instant().minus(retention));
        if (deleted > 0) {
            LOG.info(() -> "pruned " + deleted + " usage samples older than " + retention.toDays() + " days");
        }
        return deleted;
    }

    private void poll(AccountState account) {
        Instant tokenFrom = account.lastRefreshAt();
        try (UpstreamReply first = get(account)) {
            if (first.status() != 401) {
                handle(account, first);
                return;
            }
        }
        if (refresher.refreshRejected(account, tokenFrom)) {
            try (UpstreamReply retry = get(account)) {
                handle(account, retry);
            }
        }
    }

    private UpstreamReply get(AccountState account) {
        return upstream.get(PATH, pool.accessToken(account), account.chatgptAccountId(), callTimeout);
    }

    private void handle(AccountState account, UpstreamReply reply) {
        Instant now = clock.instant();
        JsonNode body = Json.parseOrNull(new String(reply.bodyBytes(), StandardCharsets.UTF_8));
        if (reply.status() == 200 && body != null) {
            apply(account, UsageReport.parse(body, now), now);
            return;
        }
        JsonNode error = body != null && body.path("error").isObject() ? body.get("error") : body;
        // Only explicit signals end an account: a bare 404 is as likely a mistyped base URL, which would otherwise
        // deactivate every account and send every user to sign in again.
        if (reply.status() == 402 || deactivation(reply.status(), error, now)) {
            pool.deactivate(account, "The usage endpoint answered " + reply.status() + describe(error)
                    + ": the account looks deactivated. Sign in again once it is usable.");
        } else {
            LOG.warning(() -> "usage poll of account " + account.id() + " answered " + reply.status()
                    + "; will retry at the next poll");
        }
    }

    private void apply(AccountState account, UsageReport report, Instant now) {
        if (report.primary() != null || report.secondary() != null) {
            pool.recordUsage(account, report.primary(), report.secondary(), UsageSource.POLL);
        }
        if (report.planType() != null && !report.planType().equals(account.planType())) {
            pool.updatePlan(account, report.planType());
        }
        if (account.status() == AccountStatus.PAUSED) {
            return; // only an admin ends a pause
        }
        WindowUsage primary = report.primary();
        WindowUsage secondary = report.secondary();
        if (secondary != null && secondary.exhausted(now)) {
            setLimited(account, AccountStatus.QUOTA_EXCEEDED, secondary.resetAt(), now);
        } else if (primary != null && primary.exhausted(now)) {
            setLimited(account, AccountStatus.RATE_LIMITED, primary.resetAt(), now);
        } else if (account.status() == AccountStatus.RATE_LIMITED
                || account.status() == AccountStatus.QUOTA_EXCEEDED) {
            pool.markActive(account);
        }
    }

    /**
     * A window reported without a reset time keeps the limit already set, so its fixed end stays where it was; a new
     * limit without one gets its fixed hour from the pool.
     */
    private void setLimited(AccountState account, AccountStatus status, Instant resetAt, Instant now) {
        AccountState.StatusFields current = account.statusFields();
        boolean alreadyLimited = current.status() == status && current.resetAt() != null
                && current.resetAt().isAfter(now);
        if (resetAt == null ? !alreadyLimited : !(current.status() == status
                && resetAt.equals(current.resetAt()))) {
            pool.markLimited(account, status, resetAt);
        }
    }

    /** A limited status whose reset has passed: the account is usable again. */
    private static boolean limitOver(AccountState account, Instant now) {
        boolean limited = account.status() == AccountStatus.RATE_LIMITED
                || account.status() == AccountStatus.QUOTA_EXCEEDED;
        return limited && account.resetAt() != null && !account.resetAt().isAfter(now);
    }

    /** The newest sample, from a poll or from reply headers, is younger than the interval. */
    private boolean sampledWithin(AccountState account, Instant now) {
        Instant newest = newest(account.primary(), account.secondary());
        return newest != null && newest.isAfter(now.minus(every));
    }

    private static Instant newest(WindowUsage primary, WindowUsage secondary) {
        Instant a = primary == null ? null : primary.recordedAt();
        Instant b = secondary == null ? null : secondary.recordedAt();
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.isAfter(b) ? a : b;
    }

    private static boolean deactivation(int status, JsonNode error, Instant now) {
        if (error == null) {
            return false;
        }
        if (UpstreamError.of(status, error, now).kind() == UpstreamError.Kind.PERMANENT) {
            return true;
        }
        String message = error.path("message").asText("").toLowerCase(Locale.ROOT);
        return message.contains("deactivated") || message.contains("suspended");
    }

    private static String describe(JsonNode error) {
        String code = error == null ? "" : error.path("code").asText(error.path("type").asText(""));
        return code.isBlank() ? "" : " (" + code + ")";
    }
}
