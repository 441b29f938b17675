package io.codexpool.proxy.chains;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;

import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.Availability;
import io.codexpool.proxy.upstream.UpstreamCall;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Hard continuity before soft stickiness: a turn that continues a response goes to the account that produced it
 * while that account can serve, whatever the sticky mapping or budget pressure would choose; only when it cannot
 * does the turn take the usual choice, and is replayed there.
 */
@ApplicationScoped
public class ChainRouting {
    private final AccountPool pool;
    private final Clock clock;

    @Inject
    public ChainRouting(AccountPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * The account the call's chain pins it to, or null when it has none or that account cannot serve it now.
     *
     * @param lastFailure the code of the failure that excluded an account in this request, or null
     */
    public AccountState pinned(UpstreamCall call, Set<String> excluded, String lastFailure) {
        String id = call.pinnedAccountId();
        if (id == null) {
            return null;
        }
        AccountState account = pool.get(id).orElse(null);
        String why;
        if (account == null) {
            why = "account deleted";
        } else if (excluded.contains(id)) {
            why = lastFailure == null ? "account not usable by this request" : lastFailure;
        } else {
            Availability availability = Availability.of(account, clock.instant());
            if (availability == Availability.AVAILABLE) {
                account.selected(System.nanoTime());
                return account;
            }
            why = "account " + availability.name().toLowerCase(Locale.ROOT);
        }
        if (call.continuation() instanceof ChainTurn turn) {
            turn.moved(why);
        }
        return null;
    }

    /** Whether (and why) the attempt just made replayed the call's chain, for its request-log row; null if not. */
    public String replayReason(UpstreamCall call) {
        return call.continuation() instanceof ChainTurn turn ? turn.replayReason() : null;
    }
}
