package io.codexpool.persistence.apikeys;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;
import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** API key rows. {@code last_used_at} is written apart from the rest, by the usage writer, and only ever moves on. */
@ApplicationScoped
public class ApiKeyRepository {
    private final Jpa jpa;
    private final DataSource dataSource;

    @Inject
    public ApiKeyRepository(Jpa jpa, DataSource dataSource) {
        this.jpa = jpa;
        this.dataSource = dataSource;
    }

    public List<ApiKey> findAll() {
        return jpa.read(em -> em.createQuery("select k from ApiKey k order by k.createdAt, k.id", ApiKey.class)
                .getResultList());
    }

    public Optional<ApiKey> findById(String id) {
        return Optional.ofNullable(jpa.read(em -> em.find(ApiKey.class, id)));
    }

    public ApiKey save(ApiKey key) {
        return jpa.transaction(em -> em.merge(key));
    }

    /** @return whether a row was deleted */
    public boolean delete(String id) {
        return jpa.transaction(em -> em.createQuery("delete from ApiKey k where k.id = :id")
                .setParameter("id", id).executeUpdate()) > 0;
    }

    /** Moves each key's {@code last_used_at} forward to the given time; earlier times and deleted keys change nothing. */
    public void touchAll(Map<String, Instant> lastUsed) throws SQLException {
        JdbcBatch.execute(dataSource, "UPDATE api_keys SET last_used_at = GREATEST(COALESCE(last_used_at, ?), ?)"
                + " WHERE id = ?", lastUsed.entrySet(), (statement, entry) -> {
                    statement.setObject(1, JdbcBatch.utc(entry.getValue()));
                    statement.setObject(2, JdbcBatch.utc(entry.getValue()));
                    statement.setString(3, entry.getKey());
                });
    }
}
