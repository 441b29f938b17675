package io.codexpool.admin.accounts;

import io.codexpool.persistence.accounts.AccountRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Pause, resume and delete. The proxy sees the new status on its next accounts refresh (about a second). */
@ApplicationScoped
public class AccountActions {
    private final AccountRepository accounts;

    @Inject
    public AccountActions(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** False when no such account exists. */
    public boolean pause(String id) {
        return accounts.pause(id);
    }

    /** Back to active; rate limits, if still in force, are re-detected by the proxy on the next reply. */
    public boolean resume(String id) {
        return accounts.resume(id) || accounts.findById(id).isPresent();
    }

    /** Deletes the account and (by foreign key) its sticky mappings; request logs keep the row and the email. */
    public boolean delete(String id) {
        return accounts.delete(id);
    }
}
