package io.codexpool.admin.apikeys;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.codexpool.admin.dashboard.BarChart;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.history.RequestHistory;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogSearch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What the key pages show of other features: the accounts a key may be restricted to, and its requests. */
@ApplicationScoped
public class ApiKeyQueries {
    private final AccountRepository accounts;
    private final RequestHistory history;
    private final RequestLogSearch requestLogs;

    @Inject
    public ApiKeyQueries(AccountRepository accounts, RequestHistory history, RequestLogSearch requestLogs) {
        this.accounts = accounts;
        this.history = history;
        this.requestLogs = requestLogs;
    }

    List<Account> accounts() {
        return accounts.findAll();
    }

    Set<String> accountIds() {
        return accounts().stream().map(Account::getId).collect(Collectors.toSet());
    }

    /** The key's requests per day over the last 7 days. */
    BarChart chart(String keyId, Instant now) {
        return BarChart.of(history.perHour(now.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.DAYS), keyId), now, 7,
                Duration.ofDays(1), "Requests per day, last 7 days");
    }

    List<RequestLog> recent(String keyId) {
        return requestLogs.older(RequestLogFilter.forApiKey(keyId), null, 20);
    }
}
