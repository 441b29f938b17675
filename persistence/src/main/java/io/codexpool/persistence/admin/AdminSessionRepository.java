package io.codexpool.persistence.admin;

import java.time.Instant;
import java.util.Optional;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class AdminSessionRepository {
    private final Jpa jpa;

    @Inject
    public AdminSessionRepository(Jpa jpa) {
        this.jpa = jpa;
    }

    public void save(AdminSession session) {
        jpa.run(em -> em.persist(session));
    }

    /** The session with this hash, unless it has expired. */
    public Optional<AdminSession> findLive(String tokenHash, Instant now) {
        return Optional.ofNullable(jpa.read(em -> em.find(AdminSession.class, tokenHash)))
                .filter(session -> session.getExpiresAt().isAfter(now));
    }

    public void delete(String tokenHash) {
        jpa.run(em -> em.createQuery("delete from AdminSession s where s.tokenHash = :hash")
                .setParameter("hash", tokenHash).executeUpdate());
    }

    public int deleteExpired(Instant now) {
        return jpa.transaction(em -> em.createQuery("delete from AdminSession s where s.expiresAt <= :now")
                .setParameter("now", now).executeUpdate());
    }
}
