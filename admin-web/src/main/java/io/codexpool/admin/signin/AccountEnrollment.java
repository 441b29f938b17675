package io.codexpool.admin.signin;

import java.time.Instant;
import java.util.concurrent.Executor;

import io.codexpool.admin.auth.Actor;
import io.codexpool.admin.auth.AuditLog;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.proxy.accounts.AccountAdded;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.TokenRefresher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.inject.Inject;

/**
 * Stores a sign-in: a new account, or fresh tokens for the account with the same identity (ChatGPT account id and
 * email), which also makes a deactivated account usable again. Tokens are stored encrypted.
 */
@ApplicationScoped
public class AccountEnrollment {
    /**
     * The first usage read is a network call: on a virtual thread of its own, not on the container's default executor
     * for asynchronous events, a small pool shared by every such event (one thread at a time on two cores), where it
     * waited behind whatever else was running there.
     */
    private static final NotificationOptions OWN_THREAD = NotificationOptions.ofExecutor(
            (Executor) command -> Thread.ofVirtual().name("first-usage-read").start(command));

    private final AccountRepository accounts;
    private final TokenCipher cipher;
    private final AccountPool pool;
    private final TokenRefresher refresher;
    private final AuditLog audit;
    private final Event<AccountAdded> added;

    @Inject
    public AccountEnrollment(AccountRepository accounts, TokenCipher cipher, AccountPool pool,
                             TokenRefresher refresher, AuditLog audit, Event<AccountAdded> added) {
        this.accounts = accounts;
        this.cipher = cipher;
        this.pool = pool;
        this.refresher = refresher;
        this.audit = audit;
        this.added = added;
    }

    /** @param actor who brought the account in, from where: the admin request that started the sign-in or import */
    public Enrolled enroll(SignIn signIn, Actor actor) {
        Account existing = accounts.findByIdentity(signIn.chatgptAccountId(), signIn.email()).orElse(null);
        Enrolled enrolled;
        if (existing == null) {
            Account fresh = new Account(signIn.email(), signIn.chatgptAccountId(), signIn.planType(), Instant.now());
            enrolled = new Enrolled(accounts.save(signedIn(fresh, signIn)), true);
        } else {
            // after a refresh under way with the old tokens, on the row as that refresh left it
            enrolled = refresher.storingSignIn(existing.getId(), () -> new Enrolled(accounts.save(signedIn(
                    accounts.findById(existing.getId()).orElse(existing), signIn)), false));
        }
        Account account = enrolled.account();
        pool.refresh(); // this replica routes to it at once; the others within their next refresh
        // its usage is read now rather than at the next poll, up to a minute away, in which it showed no data
        added.fireAsync(new AccountAdded(account.getId()), OWN_THREAD);
        // every way in (auth.json import, browser or device sign-in) ends here, so the audit log hears of each
        audit.record(actor, enrolled.created() ? "account.added" : "account.signed_in_again",
                account.label(), "plan " + account.getPlanType());
        return enrolled;
    }

    /** The sign-in's tokens, encrypted, on the account. */
    private Account signedIn(Account account, SignIn signIn) {
        if (signIn.planType() != null) {
            account.setPlanType(signIn.planType());
        }
        account.setIdTokenEncrypted(cipher.encrypt(signIn.idToken()));
        account.setAccessTokenEncrypted(cipher.encrypt(signIn.accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt(signIn.refreshToken()));
        account.setLastRefreshAt(signIn.lastRefreshAt() != null ? signIn.lastRefreshAt() : Instant.now());
        // New tokens are a fresh login: a "re-login needed" account is usable again.
        if (account.getStatus() == AccountStatus.DEACTIVATED) {
            account.setStatus(AccountStatus.ACTIVE);
            account.setDeactivationReason(null);
        }
        return account;
    }

    public record Enrolled(Account account, boolean created) {
        /** What the admin is told: "Added x" or "Signed in again: x". */
        public String summary() {
            return (created ? "Added " : "Signed in again: ") + account.label();
        }
    }
}
