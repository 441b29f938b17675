package io.codexpool.admin.sticky;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.sticky.StickyFilter;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySessionId;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.proxy.sticky.StickyView;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Lists and deletes sticky mappings for the page and the API. */
@ApplicationScoped
public class StickySessions {
    private final StickySessionRepository repository;
    private final AccountRepository accounts;
    private final SettingsRepository settings;
    private final StickyView view;

    @Inject
    public StickySessions(StickySessionRepository repository, AccountRepository accounts,
                          SettingsRepository settings, StickyView view) {
        this.repository = repository;
        this.accounts = accounts;
        this.settings = settings;
        this.view = view;
    }

    public record Page(List<StickyRow> rows, long total) {
    }

    public Page find(StickyQuery query, int offset, int limit) {
        Instant staleBefore = StickyQuery.staleBefore(settings, Instant.now());
        StickyFilter filter = query.toFilter(staleBefore);
        Map<String, String> labels = accountLabels();
        List<StickyRow> rows = repository.find(filter, offset, limit).stream()
                .map(s -> StickyRow.of(s, labels.getOrDefault(s.getAccountId(), s.getAccountId()), staleBefore))
                .toList();
        return new Page(rows, repository.count(filter));
    }

    public boolean delete(String kind, String key) {
        StickyKind parsed = StickyQuery.parseKind(kind);
        if (parsed == null) {
            return false;
        }
        // this replica's proxy forgets it at once; the others on their next full reload
        view.evict(new StickySessionId(key, parsed));
        return repository.delete(key, parsed);
    }

    public int deleteMatching(StickyQuery query) {
        int deleted = repository.deleteMatching(query.toFilter(StickyQuery.staleBefore(settings, Instant.now())));
        view.reload();
        return deleted;
    }

    public int purgeStale() {
        int deleted = repository.deleteMatching(new StickyFilter(null, null, null,
                StickyQuery.staleBefore(settings, Instant.now())));
        view.reload();
        return deleted;
    }

    public List<Account> accounts() {
        return accounts.findAll();
    }

    private Map<String, String> accountLabels() {
        return accounts.findAll().stream().collect(Collectors.toMap(Account::getId,
                a -> String.valueOf(a.label())));
    }
}
