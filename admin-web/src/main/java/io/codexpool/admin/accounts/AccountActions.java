package io.codexpool.admin.accounts;

import java.util.Optional;

import io.codexpool.admin.auth.Actor;
import io.codexpool.admin.auth.AuditLog;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Pause, resume and delete, each recorded in the audit log. The proxy sees the new status on its next accounts refresh
 * (about a second).
 */
@ApplicationScoped
public class AccountActions {
    private final AccountRepository accounts;
    private final AuditLog audit;

    @Inject
    public AccountActions(AccountRepository accounts, AuditLog audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    /** False when no such account exists. */
    public boolean pause(String id, Actor actor) {
        Optional<Account> account = accounts.findById(id);
        boolean paused = accounts.pause(id);
        account.filter(a -> paused).ifPresent(a -> audit.record(actor, "account.paused", a.label(), null));
        return paused;
    }

    /** Back to active; rate limits, if still in force, are re-detected by the proxy on the next reply. */
    public boolean resume(String id, Actor actor) {
        Optional<Account> account = accounts.findById(id);
        if (accounts.resume(id)) {
            account.ifPresent(a -> audit.record(actor, "account.resumed", a.label(), null));
            return true;
        }
        return account.isPresent();
    }

    /** Deletes the account and (by foreign key) its sticky mappings; request logs keep the row and the email. */
    public boolean delete(String id, Actor actor) {
        Optional<Account> account = accounts.findById(id);
        boolean deleted = accounts.delete(id);
        account.filter(a -> deleted).ifPresent(a -> audit.record(actor, "account.deleted", a.label(), null));
        return deleted;
    }
}
