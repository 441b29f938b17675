package io.codexpool.persistence.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.codexpool.persistence.database.JdbcBatch;
import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

/**
 * Account rows. Changes to an existing account each write only their own columns: replicas and admins change the same
 * rows, and a whole-row merge of a copy read a moment earlier would put back what another wrote meanwhile (a refresh
 * token going back to one already used gets the account refused for good).
 */
@ApplicationScoped
public class AccountRepository {
    private final Jpa jpa;

    @Inject
    public AccountRepository(Jpa jpa) {
        this.jpa = jpa;
    }

    public List<Account> findAll() {
        return jpa.read(em -> em.createQuery("select a from Account a order by a.createdAt, a.id", Account.class)
                .getResultList());
    }

    public Optional<Account> findById(String id) {
        return Optional.ofNullable(jpa.read(em -> em.find(Account.class, id)));
    }

    /** The account of this identity; an id token may lack either part, and a missing part matches a missing one. */
    public Optional<Account> findByIdentity(String chatgptAccountId, String email) {
        String where = (chatgptAccountId == null ? "a.chatgptAccountId is null" : "a.chatgptAccountId = :cid")
                + " and " + (email == null ? "a.email is null" : "a.email = :email");
        return jpa.read(em -> {
            TypedQuery<Account> query = em.createQuery("select a from Account a where " + where, Account.class);
            if (chatgptAccountId != null) {
                query.setParameter("cid", chatgptAccountId);
            }
            if (email != null) {
                query.setParameter("email", email);
            }
            return query.getResultStream().findFirst();
        });
    }

    /**
     * Marks the account limited until {@code resetAt}; a pause or deactivation in the database stays.
     *
     * @return whether the row changed
     */
    public boolean limit(String id, AccountStatus status, Instant resetAt) {
        return update("UPDATE accounts SET status = ?1, reset_at = ?2 WHERE id = ?3 AND status NOT IN (?4, ?5)",
                status.wireName(), JdbcBatch.utc(resetAt), id, AccountStatus.PAUSED.wireName(),
                AccountStatus.DEACTIVATED.wireName());
    }

    /** Lifts a rate or quota limit; any other status stays. */
    public boolean liftLimit(String id) {
        return update("UPDATE accounts SET status = ?1, reset_at = NULL WHERE id = ?2 AND status IN (?3, ?4)",
                AccountStatus.ACTIVE.wireName(), id, AccountStatus.RATE_LIMITED.wireName(),
                AccountStatus.QUOTA_EXCEEDED.wireName());
    }

    public boolean deactivate(String id, String reason) {
        return update("UPDATE accounts SET status = ?1, reset_at = NULL, deactivation_reason = ?2 WHERE id = ?3",
                AccountStatus.DEACTIVATED.wireName(), reason, id);
    }

    /** An admin's pause; it outlasts any limit. */
    public boolean pause(String id) {
        return update("UPDATE accounts SET status = ?1 WHERE id = ?2", AccountStatus.PAUSED.wireName(), id);
    }

    /**
     * Ends an admin's pause; limits still in force are seen again on the next reply.
     *
     * @return false when there is no such paused account
     */
    public boolean resume(String id) {
        return update("UPDATE accounts SET status = ?1, reset_at = NULL WHERE id = ?2 AND status = ?3",
                AccountStatus.ACTIVE.wireName(), id, AccountStatus.PAUSED.wireName());
    }

    public boolean updatePlan(String id, String planType) {
        return update("UPDATE accounts SET plan_type = ?1 WHERE id = ?2", planType, id);
    }

    /** Stores rotated tokens; a null id token keeps the stored one. */
    public boolean updateTokens(String id, byte[] accessToken, byte[] refreshToken, byte[] idToken,
                                Instant refreshedAt) {
        return update("""
                        UPDATE accounts SET access_token_enc = ?1, refresh_token_enc = ?2,
                            id_token_enc = COALESCE(?3, id_token_enc), last_refresh_at = ?4
                        WHERE id = ?5""",
                accessToken, refreshToken, idToken, JdbcBatch.utc(refreshedAt), id);
    }

    private boolean update(String sql, Object... parameters) {
        return jpa.transaction(em -> {
            Query query = em.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        }) > 0;
    }

    /** Inserts a new account or writes every column of an existing one. */
    public Account save(Account account) {
        return jpa.transaction(em -> em.merge(account));
    }

    public boolean delete(String id) {
        return jpa.transaction(em -> {
            Account account = em.find(Account.class, id);
            if (account == null) {
                return false;
            }
            em.remove(account);
            return true;
        });
    }
}
