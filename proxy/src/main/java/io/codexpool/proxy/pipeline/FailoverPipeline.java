package io.codexpool.proxy.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.support.RootCause;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.TokenRefresher;
import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.apikeys.KeyAdmission;
import io.codexpool.proxy.chains.ChainRouting;
import io.codexpool.proxy.errors.UpstreamFailure;
import io.codexpool.proxy.metrics.PoolMetrics;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.routing.AccountSelector;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.sticky.StickyKey;
import io.codexpool.proxy.sticky.StickyRouter;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.transport.UpstreamTransports;
import io.codexpool.proxy.upstream.FailureEvent;
import io.codexpool.proxy.upstream.SseEvent;
import io.codexpool.proxy.upstream.UpstreamCall;
import io.codexpool.proxy.upstream.UpstreamError;
import io.codexpool.proxy.upstream.UpstreamEvents;
import io.codexpool.proxy.upstream.UpstreamHttpClient;
import io.codexpool.proxy.upstream.UpstreamRefused;
import io.codexpool.proxy.upstream.UpstreamReply;
import io.codexpool.proxy.upstream.UpstreamStreamOpener;
import io.codexpool.proxy.upstream.UpstreamTurn;
import io.codexpool.proxy.usage.RateLimitsEvent;
import io.codexpool.proxy.usage.UsageHeaders;
import io.codexpool.proxy.usage.UsageWindows;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;

/**
 * Sends a request upstream on the chosen account (the conversation's sticky one when it has a key) and, until the first event has been accepted, moves to another
 * account when this one is limited, out of quota, broken or failing: up to 3 accounts for a stream, 2 for compact.
 */
@ApplicationScoped
public class FailoverPipeline {
    private static final Logger LOG = Logger.getLogger(FailoverPipeline.class.getName());
    private static final int STREAM_ACCOUNTS = 3;
    private static final int COMPACT_ACCOUNTS = 2;
    private static final int TRIES_PER_ACCOUNT = 3;
    private static final long FIRST_BACKOFF_MILLIS = 200;

    private final StickyRouter router;
    private final AccountSelector selector;
    private final AccountPool pool;
    private final TokenRefresher refresher;
    private final UpstreamHttpClient upstream;
    private final UpstreamTransports transports;
    private final Clock clock;
    private final PoolMetrics metrics;
    private final ChainRouting chains;

    @Inject
    public FailoverPipeline(StickyRouter router, AccountSelector selector, AccountPool pool, TokenRefresher refresher,
                            UpstreamHttpClient upstream, UpstreamTransports transports, Clock clock,
                            PoolMetrics metrics, ChainRouting chains) {
        this.metrics = metrics;
        this.chains = chains;
        this.router = router;
        this.selector = selector;
        this.pool = pool;
        this.refresher = refresher;
        this.upstream = upstream;
        this.transports = transports;
        this.clock = clock;
    }

    /** Opens a stream whose first event is not a failure, over the transport the request resolves to. */
    public OpenedStream openStream(UpstreamCall call, StickyKey sticky, RequestRecord record) {
        return openStream(call, sticky, record, transports.perRequest());
    }

    /** As {@link #openStream(UpstreamCall, StickyKey, RequestRecord)}, with the opener of a client WebSocket's upstream socket. */
    public OpenedStream openStream(UpstreamCall call, StickyKey sticky, RequestRecord record,
                                   UpstreamStreamOpener opener) {
        return run(call, sticky, record, STREAM_ACCOUNTS, (c, account) -> attemptStream(c, account, opener, record));
    }

    /** A compact reply's JSON body, unchanged. */
    public byte[] compact(UpstreamCall call, StickyKey sticky, RequestRecord record) {
        return run(call, sticky, record, COMPACT_ACCOUNTS, this::attemptCompact);
    }

    private interface Attempt<T> {
        /** The result, or an {@link AttemptFailed} describing why this account did not serve. */
        T send(UpstreamCall call, AccountState account) throws AttemptFailed;
    }

    private <T> T run(UpstreamCall call, StickyKey sticky, RequestRecord record, int maxAccounts, Attempt<T> attempt) {
        KeyAdmission key = record.admission();
        // accounts the request's API key may not use are never candidates
        Set<String> excluded = new HashSet<>();
        pool.all().stream().map(AccountState::id).filter(id -> !key.mayUseAccount(id)).forEach(excluded::add);
        AttemptFailed last = null;
        for (int accounts = 0; accounts < maxAccounts; accounts++) {
            AccountState account;
            try {
                account = chains.pinned(call, excluded, last == null ? null : last.error.code());
                if (account == null) {
                    account = router.choose(sticky, excluded, call.model());
                }
            } catch (NoAccountAvailable e) {
                if (last != null) {
                    break;
                }
                // why none of the key's accounts can serve, as if they were the whole pool
                throw key.restrictsAccounts() ? selector.unavailableAmong(pool.all().stream()
                        .filter(a -> key.mayUseAccount(a.id())).toList()) : e;
            }
            if (last != null) {
                metrics.failover(last.error.kind().name());
            }
            record.account(account);
            try {
                T result = tryAccount(call, account, attempt);
                pool.recordSuccess(account);
                return result;
            } catch (AttemptFailed failed) {
                last = failed;
                excluded.add(account.id());
                if (failed.error.kind() == UpstreamError.Kind.CLIENT) {
                    break; // the request itself is wrong: another account would answer the same
                }
            } finally {
                chains.noteReplay(call, record);
            }
        }
        record.error(last.error.code(), last.error.message());
        throw new UpstreamFailure(last.status, last.body, last.error.code(), last.error.message());
    }

    /** Tries one account: stale tokens refreshed first, one token refresh on 401, three tries on transient errors. */
    private <T> T tryAccount(UpstreamCall call, AccountState account, Attempt<T> attempt) throws AttemptFailed {
        if (!refresher.refreshIfStale(account)) {
            throw new AttemptFailed(new UpstreamError(UpstreamError.Kind.PERMANENT, 401, "account_deactivated",
                    account.deactivationReason(), null, null), 401, null);
        }
        boolean refreshed = false;
        int tries = 0;
        while (true) {
            tries++;
            Instant tokenFrom = account.lastRefreshAt();
            try {
                T result = attempt.send(call, account);
                metrics.upstreamAttempt("ok");
                return result;
            } catch (AttemptFailed failed) {
                metrics.upstreamAttempt(failed.error.kind().name());
                if (Thread.currentThread().isInterrupted()) {
                    // the client went away: a failure caused by the interrupt says nothing about the account
                    throw RequestCancelled.interrupted("trying account " + account.id());
                }
                UpstreamError error = failed.error;
                switch (error.kind()) {
                    case AUTH -> {
                        if (refreshed || !refresher.refreshRejected(account, tokenFrom)) {
                            pool.recordError(account, "unauthorized");
                            throw failed;
                        }
                        refreshed = true;
                    }
                    case RATE_LIMIT -> {
                        markLimited(account, error, AccountStatus.RATE_LIMITED);
                        throw failed;
                    }
                    case QUOTA -> {
                        markLimited(account, error, AccountStatus.QUOTA_EXCEEDED);
                        throw failed;
                    }
                    case PERMANENT -> {
                        pool.deactivate(account, "upstream refused the account (" + error.code() + ")");
                        throw failed;
                    }
                    case TRANSIENT -> {
                        if (tries >= TRIES_PER_ACCOUNT) {
                            pool.recordError(account, error.code() == null ? "status " + error.status()
                                    : error.code());
                            throw failed;
                        }
                        backOff(tries);
                    }
                    case CLIENT -> throw failed;
                }
            }
        }
    }

    /**
     * A rate limit that says "try again in N s" is a short cooldown; without it, or for a quota (which a few seconds
     * do not refill), the account is limited until the stated reset, or for an hour when none is given.
     */
    private void markLimited(AccountState account, UpstreamError error, AccountStatus status) {
        Instant now = clock.instant();
        boolean shortWait = error.retryAfterSeconds() != null && error.resetsAt() == null;
        if (shortWait) {
            pool.cooldown(account, now.plusMillis((long) (error.retryAfterSeconds() * 1000)));
            if (status == AccountStatus.RATE_LIMITED) {
                return;
            }
        }
        Instant reset = error.resetsAt() != null ? error.resetsAt() : now.plusSeconds(3600);
        pool.markLimited(account, status, reset);
    }

    private OpenedStream attemptStream(UpstreamCall call, AccountState account, UpstreamStreamOpener opener,
                                       RequestRecord record) throws AttemptFailed {
        UpstreamEvents events;
        try {
            events = opener.open(new UpstreamTurn(call, account.id(), account.chatgptAccountId(),
                    pool.accessToken(account),
                    rateLimits -> recordUsage(account, rateLimits)));
        } catch (UpstreamRefused refused) {
            throw failed(account, refused);
        }
        record.transport(events.transport().wireName());
        recordUsage(account, events::header);
        SseEvent first;
        try {
            first = events.next();
        } catch (IOException e) {
            events.close();
            throw new AttemptFailed(transientError("upstream stream failed before its first event: "
                    + e.getMessage()), 502, null);
        } catch (RuntimeException e) {
            events.close(); // cancelled while waiting: what was opened for the attempt is released
            throw e;
        }
        if (first == null) {
            events.close();
            throw new AttemptFailed(transientError("upstream stream ended before its first event"), 502, null);
        }
        FailureEvent failure = FailureEvent.of(first, clock.instant());
        // Nothing has reached the client yet, so it can still get a status: failover acts on any failure but a
        // failed response that is the request's own fault, which is a complete stream; an error event of the
        // request's own fault is not, and HTTP clients get its status as they would from an HTTP error.
        if (failure != null
                && (failure.error().kind() != UpstreamError.Kind.CLIENT || "error".equals(first.type()))) {
            events.close();
            throw new AttemptFailed(failure.error(), failure.status(), failure.body());
        }
        record.streamOpened();
        metrics.streamStarted();
        return new OpenedStream(account, events, first);
    }

    private AttemptFailed failed(AccountState account, UpstreamRefused refused) {
        if (refused.unreachable()) {
            LOG.fine(() -> "upstream connection failed for account " + account.id() + ": " + refused.getMessage());
            return new AttemptFailed(transientError(refused.getMessage()), 502, null);
        }
        recordUsage(account, refused::header);
        return failed(refused.status(), refused.body());
    }

    private byte[] attemptCompact(UpstreamCall call, AccountState account) throws AttemptFailed {
        try (UpstreamReply reply = send(call, account, false)) {
            if (reply.status() != 200) {
                throw failed(reply);
            }
            return reply.bodyBytes();
        } catch (ProcessingException e) {
            throw new AttemptFailed(transientError("upstream connection failed: " + e.getMessage()), 502, null);
        }
    }

    private UpstreamReply send(UpstreamCall call, AccountState account, boolean stream) throws AttemptFailed {
        try {
            UpstreamReply reply = upstream.post(call.upstreamPath(), pool.accessToken(account),
                    account.chatgptAccountId(), Json.bytes(call.body()), call.headers(), stream, call.requestId());
            recordUsage(account, reply::header);
            return reply;
        } catch (ProcessingException e) {
            LOG.fine(() -> "upstream connection failed for account " + account.id() + ": " + e.getMessage());
            throw new AttemptFailed(transientError("upstream connection failed: " + RootCause.message(e)), 502, null);
        }
    }

    private void recordUsage(AccountState account, UnaryOperator<String> headers) {
        recordUsage(account, UsageHeaders.read(headers::apply, clock.instant()));
    }

    /** A {@code codex.rate_limits} event: the same sample as the headers, sent over WebSocket. */
    private void recordUsage(AccountState account, JsonNode rateLimits) {
        recordUsage(account, RateLimitsEvent.read(rateLimits, clock.instant()));
    }

    private void recordUsage(AccountState account, UsageWindows windows) {
        if (!windows.isEmpty()) {
            pool.recordUsage(account, windows.primary(), windows.secondary(), UsageSource.HEADER);
        }
    }

    private AttemptFailed failed(UpstreamReply reply) {
        try (reply) {
            return failed(reply.status(), readLimited(reply.body()));
        } catch (IOException | ProcessingException e) {
            return new AttemptFailed(transientError("upstream reply unreadable: " + e.getMessage()), 502, null);
        }
    }

    private AttemptFailed failed(int status, byte[] body) {
        JsonNode json = Json.parseOrNull(new String(body, StandardCharsets.UTF_8));
        JsonNode error = json == null ? null : json.has("error") && json.get("error").isObject()
                ? json.get("error") : json.has("detail") ? json : null;
        return new AttemptFailed(UpstreamError.of(status, error, clock.instant()), status, body);
    }

    private static UpstreamError transientError(String message) {
        return new UpstreamError(UpstreamError.Kind.TRANSIENT, 502, "upstream_unavailable", message, null, null);
    }

    private static byte[] errorBody(UpstreamError error) {
        return Json.bytes(ErrorBodies.error(error.message() == null ? "upstream error" : error.message(),
                error.kind() == UpstreamError.Kind.RATE_LIMIT ? "usage_limit_reached" : "server_error",
                error.code(), null));
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        return in.readNBytes(1024 * 1024);
    }

    private static void backOff(int tries) {
        try {
            Thread.sleep(FIRST_BACKOFF_MILLIS << (tries - 1));
        } catch (InterruptedException e) {
            throw RequestCancelled.interrupted("backing off"); // no more tries for a client that is gone
        }
    }


    /** Why one attempt did not serve, with what the client gets if it was the last. */
    static final class AttemptFailed extends Exception {
        final UpstreamError error;
        final int status;
        final byte[] body;

        AttemptFailed(UpstreamError error, int status, byte[] body) {
            super(error.message(), null, false, false);
            this.error = error;
            this.status = status;
            this.body = body == null ? errorBody(error) : body;
        }
    }
}
