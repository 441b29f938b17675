package io.codexpool.persistence.sticky;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;
import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

@ApplicationScoped
public class StickySessionRepository {
    /**
     * Selected from {@code accounts}, so a mapping to an account deleted meanwhile is skipped: as a plain insert it
     * would fail its foreign key and, with it, the whole batch on every retry.
     */
    private static final String UPSERT = """
            INSERT INTO sticky_sessions (session_key, kind, account_id, created_at, updated_at)
            SELECT ?, ?, id, ?, ? FROM accounts WHERE id = ?
            ON DUPLICATE KEY UPDATE account_id = VALUES(account_id), updated_at = VALUES(updated_at)
            """;
    private static final String TOUCH = """
            UPDATE sticky_sessions SET updated_at = ?
            WHERE session_key = ? AND kind = ? AND account_id = ? AND updated_at < ?
            """;

    private final Jpa jpa;
    private final DataSource dataSource;

    @Inject
    public StickySessionRepository(Jpa jpa, DataSource dataSource) {
        this.jpa = jpa;
        this.dataSource = dataSource;
    }

    /** Mappings written since the given time: what another replica changed. */
    public List<StickySession> findUpdatedSince(Instant since) {
        return jpa.read(em -> em.createQuery("select s from StickySession s where s.updatedAt >= :since",
                StickySession.class).setParameter("since", since).getResultList());
    }

    /** Inserts new mappings and rebinds existing ones, in one batch; mappings to deleted accounts are skipped. */
    public void upsertAll(List<StickySession> sessions) throws SQLException {
        JdbcBatch.execute(dataSource, UPSERT, sessions, (statement, session) -> {
            statement.setString(1, session.getKey());
            statement.setString(2, session.getKind().wireName());
            statement.setObject(3, JdbcBatch.utc(session.getCreatedAt()));
            statement.setObject(4, JdbcBatch.utc(session.getUpdatedAt()));
            statement.setString(5, session.getAccountId());
        });
    }

    /**
     * Marks mappings as used. Only a row that still exists with the same account is touched, so a mapping deleted by
     * an admin or rebound by another replica is not brought back.
     */
    public void touchAll(List<StickySession> sessions) throws SQLException {
        JdbcBatch.execute(dataSource, TOUCH, sessions, (statement, session) -> {
            statement.setObject(1, JdbcBatch.utc(session.getUpdatedAt()));
            statement.setString(2, session.getKey());
            statement.setString(3, session.getKind().wireName());
            statement.setString(4, session.getAccountId());
            statement.setObject(5, JdbcBatch.utc(session.getUpdatedAt()));
        });
    }

    /** Deletes {@code prompt_cache} mappings last used before the cut-off. */
    public int deleteExpiredPromptCache(Instant before) {
        return deleteMatching(new StickyFilter(null, null, null, before));
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

    /** One page of mappings matching the filter, most recently used first. */
    public List<StickySession> find(StickyFilter filter, int offset, int limit) {
        return jpa.read(em -> {
            TypedQuery<StickySession> query = em.createQuery("select s from StickySession s" + where(filter)
                    + " order by s.updatedAt desc, s.key", StickySession.class);
            bind(query, filter);
            return query.setFirstResult(Math.max(0, offset)).setMaxResults(limit).getResultList();
        });
    }

    public long count(StickyFilter filter) {
        return jpa.read(em -> {
            TypedQuery<Long> query = em.createQuery("select count(s) from StickySession s" + where(filter),
                    Long.class);
            bind(query, filter);
            return query.getSingleResult();
        });
    }

    /** Deletes every mapping matching the filter and returns how many went. */
    public int deleteMatching(StickyFilter filter) {
        return jpa.transaction(em -> {
            Query query = em.createQuery("delete from StickySession s" + where(filter));
            bind(query, filter);
            return query.executeUpdate();
        });
    }

    private static String where(StickyFilter filter) {
        List<String> conditions = new ArrayList<>();
        if (filter.kind() != null) {
            conditions.add("s.kind = :kind");
        }
        if (present(filter.accountId())) {
            conditions.add("s.accountId = :account");
        }
        if (present(filter.keyText())) {
            conditions.add("lower(s.key) like :keyText escape '!'");
        }
        if (filter.staleBefore() != null) {
            conditions.add("s.kind = :promptCache and s.updatedAt < :staleBefore");
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private static void bind(Query query, StickyFilter filter) {
        if (filter.kind() != null) {
            query.setParameter("kind", filter.kind());
        }
        if (present(filter.accountId())) {
            query.setParameter("account", filter.accountId());
        }
        if (present(filter.keyText())) {
            query.setParameter("keyText", "%" + filter.keyText().strip().toLowerCase(Locale.ROOT)
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (filter.staleBefore() != null) {
            query.setParameter("promptCache", StickyKind.PROMPT_CACHE);
            query.setParameter("staleBefore", filter.staleBefore());
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
