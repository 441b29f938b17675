package io.codexpool.admin.accounts;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.history.RequestHistory;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogSearch;
import io.codexpool.persistence.requestlogs.RequestTotals;
import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.persistence.usage.UsageWindow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Accounts joined with their newest usage samples, filtered the way the accounts page asks, and what an account's
 * detail page shows of its usage and requests.
 */
@ApplicationScoped
public class AccountQueries {
    private final AccountRepository accounts;
    private final UsageSampleRepository usage;
    private final RequestHistory history;
    private final RequestLogSearch requestLogs;

    @Inject
    public AccountQueries(AccountRepository accounts, UsageSampleRepository usage, RequestHistory history,
                          RequestLogSearch requestLogs) {
        this.accounts = accounts;
        this.usage = usage;
        this.history = history;
        this.requestLogs = requestLogs;
    }

    /** All accounts; {@code status} and {@code search} (email, account id or plan, any case) narrow when not blank. */
    public List<AccountView> list(String status, String search) {
        Map<String, UsageSample> latest = latestSamples();
        String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        return accounts.findAll().stream()
                .filter(a -> status == null || status.isBlank() || a.getStatus().wireName().equals(status))
                .filter(a -> needle.isEmpty() || contains(a.getEmail(), needle)
                        || contains(a.getChatgptAccountId(), needle) || contains(a.getPlanType(), needle))
                .map(a -> view(a, latest))
                .toList();
    }

    /** Every account as stored, for pages that let the admin pick one. */
    public List<Account> all() {
        return accounts.findAll();
    }

    /** The usage samples of one account since {@code since}, oldest first, for its chart. */
    public List<UsageSample> usageSince(String id, Instant since) {
        return usage.findForAccountSince(id, since);
    }

    /** What the account's requests add up to, for its detail page. */
    public RequestTotals requestTotals(String id) {
        return history.totals(id, null);
    }

    /** The account's newest {@code limit} requests. */
    public List<RequestLog> recentRequests(String id, int limit) {
        return requestLogs.older(RequestLogFilter.forAccount(id), null, limit);
    }

    public Optional<AccountView> find(String id) {
        return accounts.findById(id).map(a -> view(a, latestSamples()));
    }

    private Map<String, UsageSample> latestSamples() {
        Map<String, UsageSample> latest = new HashMap<>();
        for (UsageSample sample : usage.findLatestPerAccountAndWindow()) {
            latest.put(sample.getAccountId() + "/" + sample.getWindow().wireName(), sample);
        }
        return latest;
    }

    private static AccountView view(Account account, Map<String, UsageSample> latest) {
        return AccountView.of(account, latest.get(account.getId() + "/" + UsageWindow.PRIMARY.wireName()),
                latest.get(account.getId() + "/" + UsageWindow.SECONDARY.wireName()));
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }
}
