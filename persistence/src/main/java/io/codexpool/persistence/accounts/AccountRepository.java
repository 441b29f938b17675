package io.codexpool.persistence.accounts;

import java.util.List;
import java.util.Optional;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    public Optional<Account> findByIdentity(String chatgptAccountId, String email) {
        return jpa.read(em -> em.createQuery(
                        "select a from Account a where a.chatgptAccountId = :cid and a.email = :email", Account.class)
                .setParameter("cid", chatgptAccountId)
                .setParameter("email", email)
                .getResultStream()
                .findFirst());
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
