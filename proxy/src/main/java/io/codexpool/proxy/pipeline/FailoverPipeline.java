package io.codexpool.proxy.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.TokenRefresher;
import io.codexpool.proxy.chains.ChainRouting;
import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.errors.UpstreamFailure;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.routing.AccountSelector;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.sticky.StickyKey;
import io.codexpool.proxy.sticky.StickyRouter;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.FailureEvent;
import io.codexpool.proxy.upstream.SseEvent;
import io.codexpool.proxy.upstream.UpstreamCall;
import io.codexpool.proxy.upstream.UpstreamError;
import io.codexpool.proxy.upstream.UpstreamEvents;
import io.codexpool.proxy.upstream.UpstreamRefused;
import io.codexpool.proxy.upstream.UpstreamStreamOpener;
import io.codexpool.proxy.upstream.UpstreamTurn;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The pipeline's choose-and-fail-over step: opens the upstream on the chosen account (the conversation's sticky one
 * when it has a key) and, until the first event has been accepted, moves to another account when this one is
 * limited, out of quota, broken or failing: up to 3 accounts for a stream, 2 for compact.
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
    private final Clock clock;
    private final UsageLearning usage;
    private final TurnObservers observers;
    private final ChainRouting chains;

    @Inject
    public FailoverPipeline(StickyRouter router, AccountSelector selector, AccountPool pool, TokenRefresher refresher,
                            UsageLearning usage, Clock clock, TurnObservers observers, ChainRouting chains) {
        this.router = router;
        this.selector = selector;
        this.pool = pool;
        this.refresher = refresher;
        this.clock = clock;
        this.usage = usage;
        this.observers = observers;
        this.chains = chains;
    }

    /**
     * Opens a stream whose first event is not a failure with {@code opener}, on the accounts of {@code accounts}.
     *
     * @throws NoAccountAvailable when no account could be tried
     * @throws UpstreamFailure    when every account tried failed: the last one's status and body
     */
    OpenedStream open(UpstreamCall call, StickyKey sticky, RequestRecord record, AccountScope accounts,
                      UpstreamStreamOpener opener) {
        Set<String> excluded = new HashSet<>();
        pool.all().stream().map(AccountState::id).filter(accounts.allowed().negate()).forEach(excluded::add);
        AttemptFailed last = null;
        for (int tried = 0; tried < (call.compact() ? COMPACT_ACCOUNTS : STREAM_ACCOUNTS); tried++) {
            AccountState account;
            try {
                // a chained turn keeps to the account holding its chain while it can serve
                account = chains.pinned(call, excluded, last == null ? null : last.error.code());
                if (account == null) {
                    account = router.choose(sticky, excluded, call.model());
                }
            } catch (NoAccountAvailable e) {
                if (last != null) {
                    break;
                }
                // why none of the allowed accounts can serve, as if they were the whole pool
                throw accounts.restricted() ? selector.unavailableAmong(pool.all().stream()
                        .filter(a -> accounts.allowed().test(a.id())).toList()) : e;
            }
            if (last != null) {
                observers.failover(last.error.kind().name());
            }
            record.account(account);
            try {
                OpenedStream opened = tryAccount(call, account, opener, record);
                pool.recordSuccess(account);
                return opened;
            } catch (AttemptFailed failed) {
                last = failed;
                excluded.add(account.id());
                if (failed.error.kind() == UpstreamError.Kind.CLIENT) {
                    break; // the request itself is wrong: another account would answer the same
                }
            } finally {
                record.chainReplay(chains.replayReason(call));
            }
        }
        throw new UpstreamFailure(last.status, last.body, last.error.code(), last.error.message());
    }

    /** Tries one account: stale tokens refreshed first, one token refresh on 401, three tries on transient errors. */
    private OpenedStream tryAccount(UpstreamCall call, AccountState account, UpstreamStreamOpener opener,
                                    RequestRecord record) throws AttemptFailed {
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
                OpenedStream opened = attempt(call, account, opener, record);
                observers.upstreamAttempt("ok");
                return opened;
            } catch (AttemptFailed failed) {
                observers.upstreamAttempt(failed.error.kind().name());
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

    /** One send on one account: the opened stream, or an {@link AttemptFailed} saying why the account did not serve. */
    private OpenedStream attempt(UpstreamCall call, AccountState account, UpstreamStreamOpener opener,
                                 RequestRecord record) throws AttemptFailed {
        UpstreamEvents events;
        try {
            events = opener.open(new UpstreamTurn(call, account.id(), account.chatgptAccountId(),
                    pool.accessToken(account),
                    rateLimits -> usage.fromEvent(account, rateLimits)));
        } catch (UpstreamRefused refused) {
            throw failed(account, refused);
        }
        record.transport(events.transport().wireName());
        usage.fromHeaders(account, events::header);
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
        if (!call.compact()) { // a compact reply is one JSON document, not a stream
            record.streamOpened();
            observers.streamStarted();
        }
        return new OpenedStream(account, events, first);
    }

    private AttemptFailed failed(AccountState account, UpstreamRefused refused) {
        if (refused.unreachable()) {
            LOG.fine(() -> "upstream connection failed for account " + account.id() + ": " + refused.getMessage());
            return new AttemptFailed(transientError(refused.getMessage()), 502, null);
        }
        usage.fromHeaders(account, refused::header);
        return failed(refused.status(), refused.body());
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
