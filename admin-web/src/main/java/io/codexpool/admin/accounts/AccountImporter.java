package io.codexpool.admin.accounts;

import java.time.Instant;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.secrets.TokenCipher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Stores an imported auth.json: a new account, or fresh tokens for the account with the same identity. */
@ApplicationScoped
public class AccountImporter {
    private final AccountRepository accounts;
    private final TokenCipher cipher;

    @Inject
    public AccountImporter(AccountRepository accounts, TokenCipher cipher) {
        this.accounts = accounts;
        this.cipher = cipher;
    }

    public Imported importAuthJson(byte[] input) throws AuthJsonException {
        AuthJsonImport parsed = AuthJsonImport.parse(input);
        Account existing = accounts.findByIdentity(parsed.chatgptAccountId(), parsed.email()).orElse(null);
        Account account = existing != null ? existing
                : new Account(parsed.email(), parsed.chatgptAccountId(), parsed.planType(), Instant.now());
        if (parsed.planType() != null) {
            account.setPlanType(parsed.planType());
        }
        account.setIdTokenEncrypted(cipher.encrypt(parsed.idToken()));
        account.setAccessTokenEncrypted(cipher.encrypt(parsed.accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt(parsed.refreshToken()));
        account.setLastRefreshAt(parsed.lastRefreshAt() != null ? parsed.lastRefreshAt() : Instant.now());
        // New tokens are a fresh login: a "re-login needed" account is usable again.
        if (existing != null && existing.getStatus() == AccountStatus.DEACTIVATED) {
            account.setStatus(AccountStatus.ACTIVE);
            account.setDeactivationReason(null);
        }
        return new Imported(accounts.save(account), existing == null);
    }

    public record Imported(Account account, boolean created) {
    }
}
