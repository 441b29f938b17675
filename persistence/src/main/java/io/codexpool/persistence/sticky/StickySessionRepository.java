package io.codexpool.persistence.sticky;

import java.util.List;
import java.util.Optional;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class StickySessionRepository {
    private final Jpa jpa;

    @Inject
    public StickySessionRepository(Jpa jpa) {
        this.jpa = jpa;
    }

    public List<StickySession> findAll() {
        return jpa.read(em -> em.createQuery("select s from StickySession s order by s.updatedAt desc",
                StickySession.class).getResultList());
    }

    public Optional<StickySession> find(String key, StickyKind kind) {
        return Optional.ofNullable(jpa.read(em -> em.find(StickySession.class, new StickySessionId(key, kind))));
    }

    public StickySession save(StickySession session) {
        return jpa.transaction(em -> em.merge(session));
    }

    public boolean delete(String key, StickyKind kind) {
        return jpa.transaction(em -> em.createQuery("delete from StickySession s where s.key = :key and s.kind = :kind")
                .setParameter("key", key)
                .setParameter("kind", kind)
                .executeUpdate()) > 0;
    }
}
