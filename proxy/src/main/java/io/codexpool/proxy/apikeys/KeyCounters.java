package io.codexpool.proxy.apikeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One key's counters on this replica: the shared totals as last read from the database, this replica's increments
 * already written but not yet seen in a read, and those not yet written. What the key used is the sum of the three,
 * so nothing is missed or counted twice whatever the order of writes and reads.
 */
final class KeyCounters {
    /** One counter row: a period of one window's span, for one model ("" when the request named none). */
    record Counter(String span, Instant periodStart, String model) {
    }

    private final Map<Counter, Amount> shared = new HashMap<>();
    private final Map<Counter, Amount> written = new HashMap<>();
    private final Map<Counter, Amount> pending = new HashMap<>();

    synchronized void add(Counter counter, Amount amount) {
        pending.merge(counter, amount, Amount::plus);
    }

    /** The increments not yet written, as they are now. */
    synchronized Map<Counter, Amount> unwritten() {
        return Map.copyOf(pending);
    }

    /** Those increments are in the database now; they count as written until a read shows them. */
    synchronized void wrote(Map<Counter, Amount> increments) {
        increments.forEach((counter, amount) -> {
            Amount left = pending.get(counter).minus(amount);
            if (left.isZero()) {
                pending.remove(counter);
            } else {
                pending.put(counter, left);
            }
            written.merge(counter, amount, Amount::plus);
        });
    }

    /** Shared totals read after every write so far: they include those writes. */
    synchronized void read(Map<Counter, Amount> totals, boolean complete) {
        if (complete) {
            shared.clear();
        }
        shared.putAll(totals);
        written.clear();
    }

    /** Forgets shared totals that no rule counts any more; increments not yet written are kept. */
    synchronized void forget(Predicate<Counter> stale) {
        shared.keySet().removeIf(stale);
    }

    /** Every counter with what it holds on this replica, matching {@code filter}. */
    synchronized List<Map.Entry<Counter, Amount>> matching(Predicate<Counter> filter) {
        Map<Counter, Amount> all = new HashMap<>(shared);
        written.forEach((counter, amount) -> all.merge(counter, amount, Amount::plus));
        pending.forEach((counter, amount) -> all.merge(counter, amount, Amount::plus));
        List<Map.Entry<Counter, Amount>> result = new ArrayList<>();
        all.forEach((counter, amount) -> {
            if (filter.test(counter)) {
                result.add(Map.entry(counter, amount));
            }
        });
        return result;
    }
}
