package io.codexpool.proxy.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.Availability;
import io.codexpool.proxy.usage.PoolUsage;
import io.codexpool.proxy.usage.PoolWindowUsage;

/** Which alert conditions hold for these accounts now. A pure function of the pool's state, so it is easy to test. */
final class AlertConditions {
    private AlertConditions() {
    }

    static List<Alert> of(Collection<AccountState> accounts, double poolLowPercent, Instant now) {
        List<Alert> alerts = new ArrayList<>();
        List<AccountState> usable = new ArrayList<>();
        Instant firstUsableAgain = null;
        for (AccountState account : accounts) {
            Availability availability = Availability.of(account, now);
            if (availability == Availability.DEACTIVATED) {
                alerts.add(new Alert(AlertEvent.ACCOUNT_DEACTIVATED.wireName() + ":" + account.id(),
                        AlertEvent.ACCOUNT_DEACTIVATED, account(account),
                        "Codex Pool: account " + name(account) + " needs a new sign-in"
                                + (account.deactivationReason() == null ? "." : ": " + account.deactivationReason())));
                continue;
            }
            if (availability == Availability.PAUSED) {
                continue;
            }
            usable.add(account);
            if (availability == Availability.LIMITED) {
                Instant until = Availability.limitedUntil(account, now);
                firstUsableAgain = firstUsableAgain == null || until.isBefore(firstUsableAgain) ? until
                        : firstUsableAgain;
                String what = account.status() == AccountStatus.QUOTA_EXCEEDED ? "out of quota" : "rate limited";
                alerts.add(new Alert(AlertEvent.ACCOUNT_LIMITED.wireName() + ":" + account.id(),
                        AlertEvent.ACCOUNT_LIMITED, account(account),
                        "Codex Pool: account " + name(account) + " is " + what + " until " + until + "."));
            }
        }
        boolean allLimited = !usable.isEmpty() && usable.stream()
                .allMatch(account -> Availability.of(account, now) == Availability.LIMITED);
        if (allLimited) {
            alerts.add(new Alert(AlertEvent.POOL_EXHAUSTED.wireName(), AlertEvent.POOL_EXHAUSTED,
                    Map.of("type", "pool"), "Codex Pool: every account is limited, clients get 429 until "
                    + firstUsableAgain + "."));
        }
        poolLow(alerts, "primary", "5-hour", PoolUsage.window(usable, false), poolLowPercent);
        poolLow(alerts, "secondary", "weekly", PoolUsage.window(usable, true), poolLowPercent);
        return alerts;
    }

    private static void poolLow(List<Alert> alerts, String window, String name, PoolWindowUsage usage,
                                double threshold) {
        if (usage == null || 100.0 - usage.usedPercent() >= threshold) {
            return;
        }
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("type", "pool");
        subject.put("window", window);
        alerts.add(new Alert(AlertEvent.POOL_LOW.wireName() + ":" + window, AlertEvent.POOL_LOW, subject,
                String.format(Locale.ROOT, "Codex Pool: %.1f %% of the pool's %s window is left (alert below %s %%)",
                        100.0 - usage.usedPercent(), name, stripped(threshold))
                        + (usage.earliestReset() == null ? "." : "; the first account resets at "
                        + usage.earliestReset() + ".")));
    }

    private static Map<String, Object> account(AccountState account) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("type", "account");
        subject.put("id", account.id());
        subject.put("email", account.email());
        return subject;
    }

    private static String name(AccountState account) {
        return account.email() == null ? account.id() : account.email();
    }

    private static String stripped(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
