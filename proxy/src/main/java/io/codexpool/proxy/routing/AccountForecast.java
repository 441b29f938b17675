package io.codexpool.proxy.routing;

import java.time.Instant;

import io.codexpool.proxy.accounts.AccountState;

/** Both windows' forecasts of one account; a window nothing is known of is null. */
public record AccountForecast(WindowForecast primary, WindowForecast secondary) {
    public static AccountForecast of(AccountState account, Instant now) {
        return new AccountForecast(
                WindowForecast.of("primary", account.primary(), account.primaryBurn(), now),
                WindowForecast.of("secondary", account.secondary(), account.secondaryBurn(), now));
    }

    /** No known window runs out before its reset at this pace (an account without readings is safe). */
    public boolean safe() {
        return (primary == null || primary.safe()) && (secondary == null || secondary.safe());
    }

    /**
     * The window to tell an admin about: one that runs out before its reset, else the one that runs out first, else
     * the weekly one when known.
     */
    public WindowForecast tightest() {
        if (primary == null || secondary == null) {
            return primary == null ? secondary : primary;
        }
        if (primary.safe() != secondary.safe()) {
            return primary.safe() ? secondary : primary;
        }
        if (primary.exhaustsAt() == null) {
            return secondary;
        }
        return secondary.exhaustsAt() == null || primary.exhaustsAt().isBefore(secondary.exhaustsAt())
                ? primary : secondary;
    }
}
