package io.codexpool.proxy.sticky;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySessionId;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.Availability;
import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.metrics.RebindListener;
import io.codexpool.proxy.metrics.RebindReason;
import io.codexpool.proxy.routing.AccountSelector;
import io.codexpool.proxy.routing.DepletionAware;
import io.codexpool.proxy.settings.RoutingSettings;
import io.codexpool.proxy.settings.SettingsCache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps a conversation on its account while that account is healthy, and moves it before the account runs dry:
 * rebinding when the pinned account is gone, paused, failing, limited for more than a few seconds, or above the
 * budget threshold while a fresh candidate is not (never when every candidate is pressured: no thrash), and, under
 * {@code depletion_aware}, at a turn boundary when the forecast says the account runs out before its reset while
 * another does not.
 */
@ApplicationScoped
public class StickyRouter {
    /** A pinned account whose limit resets sooner than this is waited for rather than left. */
    private static final Duration WAIT_FOR_RESET = Duration.ofSeconds(10);

    private final StickyView view;
    private final AccountPool pool;
    private final AccountSelector selector;
    private final SettingsCache settings;
    private final Clock clock;
    private final RebindListener rebinds;

    @Inject
    public StickyRouter(StickyView view, AccountPool pool, AccountSelector selector, SettingsCache settings,
                        Clock clock, RebindListener rebinds) {
        this.rebinds = rebinds;
        this.view = view;
        this.pool = pool;
        this.selector = selector;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The account for this request: the sticky one when there is a key, else a fresh choice among accounts whose
     * plan serves the model.
     */
    public AccountState choose(StickyKey key, Set<String> excluded, String model) {
        if (key == null) {
            return selector.select(excluded, model);
        }
        RoutingSettings current = settings.current();
        Instant now = clock.instant();
        StickySessionId id = new StickySessionId(key.key(), key.kind());
        Binding known = view.get(id);
        Binding binding = live(known, key.kind(), current, now);
        if (binding == null) {
            if (known != null) {
                // an expired prompt-cache mapping is not honoured
                return rebind(id, excluded, model, RebindReason.EXPIRED);
            }
            String accountId = view.bindIfAbsent(id, () -> selector.select(excluded, model).id()).accountId();
            AccountState bound = pool.get(accountId).orElse(null);
            Availability boundAvailability = bound == null ? null : Availability.of(bound, now);
            if (bound != null && !excluded.contains(accountId) && boundAvailability == Availability.AVAILABLE) {
                return bound;
            }
            return rebind(id, excluded, model, excluded.contains(accountId) ? RebindReason.FAILOVER
                    : reason(boundAvailability));
        }
        AccountState pinned = pool.get(binding.accountId()).orElse(null);
        Availability availability = pinned == null ? null : Availability.of(pinned, now);
        if (pinned == null || availability == Availability.PAUSED || availability == Availability.DEACTIVATED) {
            return rebind(id, excluded, model, reason(availability));
        }
        if (excluded.contains(pinned.id())) {
            // where the conversation went on, its cache is now warm
            return rebind(id, excluded, model, RebindReason.FAILOVER);
        }
        if (availability == Availability.LIMITED || availability == Availability.COOLING_DOWN) {
            Instant usableAt = Availability.usableAgainAt(pinned, now);
            if (usableAt != null && Duration.between(now, usableAt).compareTo(WAIT_FOR_RESET) < 0) {
                waitUntil(usableAt);
                // another request may have found it limited again meanwhile
                if (Availability.of(pinned, clock.instant()) == Availability.AVAILABLE) {
                    return use(id, pinned);
                }
            }
            Set<String> without = with(excluded, pinned.id());
            AccountState next = selector.select(without, model);
            if (key.kind().durable()) {
                view.bind(id, next.id());
                rebinds.rebound(RebindReason.LIMITED);
            }
            return next;
        }
        if (AccountSelector.pressured(pinned, current, now)) {
            AccountState better = better(pinned, excluded, model, current, now,
                    best -> !AccountSelector.pressured(best, current, now));
            if (better != null) {
                view.bind(id, better.id());
                rebinds.rebound(RebindReason.BUDGET);
                return better;
            }
        }
        if (current.routingStrategy() == RoutingStrategy.DEPLETION_AWARE && !key.midTurn()
                && DepletionAware.runsOutSoon(pinned, now)) {
            // moved while the account still serves, so no turn of this conversation meets its limit
            AccountState better = better(pinned, excluded, model, current, now,
                    best -> !DepletionAware.atRisk(best, now));
            if (better != null) {
                view.bind(id, better.id());
                rebinds.rebound(RebindReason.DEPLETION);
                return better;
            }
        }
        return use(id, pinned);
    }

    /** The best other candidate when it passes {@code good}, noted as selected; else null (no thrash). */
    private AccountState better(AccountState pinned, Set<String> excluded, String model, RoutingSettings current,
                                Instant now, Predicate<AccountState> good) {
        List<AccountState> fresh = selector.candidates(with(excluded, pinned.id()), now, model);
        if (fresh.isEmpty()) {
            return null;
        }
        AccountState best = selector.choose(fresh, current);
        if (!good.test(best)) {
            return null;
        }
        best.selected(System.nanoTime());
        return best;
    }

    private AccountState rebind(StickySessionId id, Set<String> excluded, String model, RebindReason reason) {
        AccountState next = selector.select(excluded, model);
        view.bind(id, next.id());
        rebinds.rebound(reason);
        return next;
    }

    /** Why a mapping to an account in this state moves; null availability: the account is gone. */
    private static RebindReason reason(Availability availability) {
        if (availability == null) {
            return RebindReason.ACCOUNT_GONE;
        }
        return switch (availability) {
            case PAUSED -> RebindReason.ACCOUNT_PAUSED;
            case DEACTIVATED -> RebindReason.ACCOUNT_DEACTIVATED;
            case LIMITED, COOLING_DOWN, AVAILABLE -> RebindReason.LIMITED;
        };
    }

    private AccountState use(StickySessionId id, AccountState pinned) {
        pinned.selected(System.nanoTime());
        view.touch(id, pinned.id());
        return pinned;
    }

    /** The binding, unless it is a prompt-cache mapping unused for longer than the affinity TTL. */
    private static Binding live(Binding binding, StickyKind kind, RoutingSettings settings, Instant now) {
        if (binding == null) {
            return null;
        }
        if (kind == StickyKind.PROMPT_CACHE
                && binding.updatedAt().plusSeconds(settings.promptCacheAffinityTtlSeconds()).isBefore(now)) {
            return null;
        }
        return binding;
    }

    private void waitUntil(Instant usableAt) {
        long millis = Duration.between(clock.instant(), usableAt).toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis + 50);
        } catch (InterruptedException e) {
            // the client went away: rebinding its durable mapping now would cost its next turn the prompt cache
            throw RequestCancelled.interrupted("waiting for the pinned account's reset");
        }
    }

    private static Set<String> with(Set<String> excluded, String id) {
        Set<String> more = new HashSet<>(excluded);
        more.add(id);
        return more;
    }
}
