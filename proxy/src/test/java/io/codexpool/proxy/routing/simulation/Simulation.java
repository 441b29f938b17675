package io.codexpool.proxy.routing.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.MemoryAccountPool;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.routing.AccountSelector;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.sticky.StickyKey;
import io.codexpool.proxy.sticky.StickyRouter;
import io.codexpool.proxy.testing.InMemoryRouting;
import io.codexpool.proxy.testing.ManualClock;
import io.codexpool.proxy.usage.UsageHeaders;
import io.codexpool.proxy.usage.UsageWindows;

/**
 * Two weeks of traffic through the service's own routing ({@link StickyRouter} over {@link AccountSelector}, the
 * in-memory {@link AccountState}s fed by reply headers and polls) against simulated upstream accounts, on a clock
 * that moves a minute at a time. Only the database and the network are left out. Seeded: the same shape and strategy
 * always give the same numbers.
 */
final class Simulation {
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z"); // a Monday
    static final Duration LENGTH = Duration.ofDays(14);
    private static final Duration TICK = Duration.ofMinutes(1);
    private static final int POLL_EVERY_TICKS = 5;
    /** As the real pipeline: a request tries at most this many accounts. */
    private static final int ACCOUNTS_PER_REQUEST = 3;
    private static final int CONVERSATIONS = 16;
    private static final double KEYLESS_SHARE = 0.2;
    private static final long SEED = 17;

    private final TrafficShape shape;
    private final ManualClock clock = new ManualClock(START);
    private final MemoryAccountPool pool = new MemoryAccountPool(clock);
    private final List<UpstreamAccount> upstream = accounts();
    private final Map<String, UpstreamAccount> upstreamById = new HashMap<>();
    private final StickyRouter router;
    private final Random traffic = new Random(SEED);
    private final SimulationStats stats = new SimulationStats();
    private final Map<String, String> lastAccount = new HashMap<>();
    private final Conversation[] conversations = new Conversation[CONVERSATIONS];
    private final Conversation heavy;
    private int conversationsStarted;
    private double backgroundOwed;
    private double heavyOwed;

    Simulation(TrafficShape shape, RoutingStrategy strategy) {
        this.shape = shape;
        for (UpstreamAccount account : upstream) {
            pool.add(account.id(), account.plan());
            upstreamById.put(account.id(), account);
        }
        router = new InMemoryRouting(pool, clock, strategy, SEED).router();
        for (int i = 0; i < conversations.length; i++) {
            conversations[i] = newConversation();
        }
        heavy = new Conversation("heavy", Integer.MAX_VALUE);
    }

    /**
     * The pool: plans, starting usage and resets differ. Resets fall on the half minute and requests on the minute,
     * so no request finds its pinned account a few seconds before a reset (the router would wait for it in real time).
     */
    static List<UpstreamAccount> accounts() {
        return List.of(
                account("pro-1", "pro", 20, "PT1H30M", 35, "P4DT10H"),
                account("plus-1", "plus", 0, "PT4H", 55, "PT20H"),
                account("plus-2", "plus", 40, "PT2H30M", 75, "P2DT6H"),
                account("team-1", "team", 10, "PT30M", 10, "P6DT12H"),
                account("free-1", "free", 0, "PT3H", 30, "P3D"));
    }

    private static UpstreamAccount account(String id, String plan, double fiveHourUsed, String fiveHourReset,
                                           double weeklyUsed, String weeklyReset) {
        return new UpstreamAccount(id, plan, fiveHourUsed, reset(fiveHourReset), weeklyUsed, reset(weeklyReset));
    }

    private static Instant reset(String after) {
        return START.plus(Duration.parse(after)).plusSeconds(30);
    }

    SimulationStats run() {
        long ticks = LENGTH.dividedBy(TICK);
        for (long tick = 0; tick < ticks; tick++) {
            Instant now = clock.instant();
            for (UpstreamAccount account : upstream) {
                account.roll(now, stats);
            }
            if (tick % POLL_EVERY_TICKS == 0) {
                poll(now);
            }
            backgroundOwed += shape.backgroundPerHour(now) / 60.0;
            heavyOwed += shape.heavyPerHour(now) / 60.0;
            backgroundOwed = sendWhileOwed(backgroundOwed, false);
            heavyOwed = sendWhileOwed(heavyOwed, true);
            for (UpstreamAccount account : upstream) {
                if (account.exhausted()) {
                    stats.accountMinutesAtFull++;
                }
            }
            clock.advance(TICK);
        }
        for (UpstreamAccount account : upstream) {
            account.closeRun(clock.instant(), stats);
        }
        return stats;
    }

    /** Sends requests of random cost (0.5 to 3.5 credits) while the demand owed covers the next one. */
    private double sendWhileOwed(double owed, boolean heavyConversation) {
        while (true) {
            double cost = 0.5 + traffic.nextDouble() * 3.0;
            if (cost > owed) {
                return owed;
            }
            owed -= cost;
            request(cost, heavyConversation ? heavy.next() : backgroundKey());
        }
    }

    private StickyKey backgroundKey() {
        if (traffic.nextDouble() < KEYLESS_SHARE) {
            return null;
        }
        int slot = traffic.nextInt(conversations.length);
        if (conversations[slot].finished()) {
            conversations[slot] = newConversation();
        }
        return conversations[slot].next();
    }

    private Conversation newConversation() {
        return new Conversation("conversation-" + conversationsStarted++, 10 + traffic.nextInt(31));
    }

    /** One request through the router, failing over on 429 as the proxy's pipeline does. */
    private void request(double cost, StickyKey key) {
        stats.requests++;
        Instant now = clock.instant();
        Set<String> excluded = new HashSet<>();
        for (int attempt = 0; attempt < ACCOUNTS_PER_REQUEST; attempt++) {
            AccountState account;
            try {
                account = router.choose(key, excluded, null);
            } catch (NoAccountAvailable e) {
                break;
            }
            UpstreamAccount.Reply reply = upstreamById.get(account.id()).send(cost, now);
            record(account, reply.headers(), now, UsageSource.HEADER);
            if (!reply.limited()) {
                pool.recordSuccess(account);
                if (attempt > 0) {
                    stats.failedOverTurns++;
                }
                if (key != null) {
                    String before = lastAccount.put(key.key(), account.id());
                    if (before != null && !before.equals(account.id())) {
                        stats.stickyMoves++;
                    }
                }
                return;
            }
            stats.limitHits++;
            pool.markLimited(account, AccountStatus.RATE_LIMITED, reply.resetsAt());
            excluded.add(account.id());
        }
        stats.failedOverTurns++;
        stats.unserved++;
    }

    /** What the usage poller does every minute in the service; here every five, for speed. */
    private void poll(Instant now) {
        for (UpstreamAccount account : upstream) {
            pool.get(account.id()).ifPresent(state -> record(state, account.headers(now), now, UsageSource.POLL));
        }
    }

    private void record(AccountState account, Map<String, String> headers, Instant now, UsageSource source) {
        UsageWindows windows = UsageHeaders.read(headers::get, now);
        pool.recordUsage(account, windows.primary(), windows.secondary(), source);
    }

    /** A Codex session: turns of one to four requests, all but a turn's first continuing the previous response. */
    private final class Conversation {
        private final String key;
        private int turnsLeft;
        private int requestsLeftInTurn;

        Conversation(String key, int turns) {
            this.key = key;
            this.turnsLeft = turns;
        }

        boolean finished() {
            return turnsLeft == 0 && requestsLeftInTurn == 0;
        }

        StickyKey next() {
            boolean midTurn = requestsLeftInTurn > 0;
            if (midTurn) {
                requestsLeftInTurn--;
            } else {
                turnsLeft--;
                requestsLeftInTurn = traffic.nextInt(4);
            }
            return new StickyKey(StickyKind.CODEX_SESSION, key, midTurn);
        }
    }
}
