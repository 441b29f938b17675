package io.codexpool.persistence.apikeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The per-key usage counters that replicas share. Writers only ever add to a row (so two replicas' increments to the
 * same period both count), and readers take whole rows, so reading a row twice is harmless.
 */
@ApplicationScoped
public class KeyUsageRepository {
    private static final String ADD = """
            INSERT INTO api_key_usage (api_key_id, span, period_start, model, requests, tokens, cost_usd, updated_at)
            SELECT k.id, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6) FROM api_keys k WHERE k.id = ?
            ON DUPLICATE KEY UPDATE requests = requests + VALUES(requests), tokens = tokens + VALUES(tokens),
                cost_usd = cost_usd + VALUES(cost_usd), updated_at = VALUES(updated_at)
            """;
    private static final String COLUMNS = "api_key_id, span, period_start, model, requests, tokens, cost_usd";

    private final DataSource dataSource;

    @Inject
    public KeyUsageRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds the increments in one batch; those of keys deleted meanwhile are dropped. */
    public void addAll(Collection<KeyUsageRow> increments) throws SQLException {
        JdbcBatch.execute(dataSource, ADD, increments, (statement, row) -> {
            statement.setString(1, row.span());
            statement.setObject(2, JdbcBatch.utc(row.periodStart()));
            statement.setString(3, row.model());
            statement.setLong(4, row.requests());
            statement.setLong(5, row.tokens());
            statement.setBigDecimal(6, row.costUsd());
            statement.setString(7, row.apiKeyId());
        });
    }

    /** Rows changed since {@code since} (all rows of periods starting at or after {@code periodsFrom} when null). */
    public Changes changedSince(Instant since, Instant periodsFrom) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Instant now;
            try (PreparedStatement clock = connection.prepareStatement("SELECT UTC_TIMESTAMP(6)");
                 ResultSet result = clock.executeQuery()) {
                result.next();
                now = result.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
            }
            String sql = since == null
                    ? "SELECT " + COLUMNS + " FROM api_key_usage WHERE period_start >= ?"
                    : "SELECT " + COLUMNS + " FROM api_key_usage WHERE updated_at >= ?";
            List<KeyUsageRow> rows = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setObject(1, JdbcBatch.utc(since == null ? periodsFrom : since));
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(new KeyUsageRow(result.getString(1), result.getString(2),
                                result.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                                result.getString(4), result.getLong(5), result.getLong(6), result.getBigDecimal(7)));
                    }
                }
            }
            return new Changes(rows, now);
        }
    }

    /** Deletes periods that started before {@code before}; they count for no rule any more. */
    public int deleteOlderThan(String span, Instant before) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM api_key_usage WHERE span = ? AND period_start < ?")) {
            delete.setString(1, span);
            delete.setObject(2, JdbcBatch.utc(before));
            return delete.executeUpdate();
        }
    }

    /**
     * @param rows the rows read
     * @param readAt the database's clock when the read began: the next read asks for changes since shortly before it
     */
    public record Changes(List<KeyUsageRow> rows, Instant readAt) {
    }
}
