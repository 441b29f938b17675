package io.codexpool.admin.accounts;

import io.codexpool.admin.auth.Actor;
import io.codexpool.admin.signin.AccountEnrollment;
import io.codexpool.persistence.accounts.Account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stores an imported auth.json the way a sign-in is stored: a new account, or fresh tokens for the account with the
 * same identity.
 */
@ApplicationScoped
public class AccountImporter {
    private final AccountEnrollment enrollment;

    @Inject
    public AccountImporter(AccountEnrollment enrollment) {
        this.enrollment = enrollment;
    }

    public Imported importAuthJson(byte[] input, Actor actor) throws AuthJsonException {
        AccountEnrollment.Enrolled enrolled = enrollment.enroll(AuthJsonImport.parse(input).toSignIn(), actor);
        return new Imported(enrolled.account(), enrolled.created());
    }

    public record Imported(Account account, boolean created) {
    }
}
