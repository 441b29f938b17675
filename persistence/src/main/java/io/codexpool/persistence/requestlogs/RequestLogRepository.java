package io.codexpool.persistence.requestlogs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;
import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class RequestLogRepository {
    private static final String INSERT = """
            INSERT INTO request_logs (request_id, requested_at, account_id, account_email, route, model, transport,
                reasoning_effort, service_tier, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens,
                latency_ms, first_token_ms, status_code, status, error_code, error_message, cost_usd, api_key_id,
                chain_replay)
            VALUES (?, ?, (SELECT a.id FROM accounts a WHERE a.id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                (SELECT k.id FROM api_keys k WHERE k.id = ?), ?)
            """;
    /** The request_id column's length: the stored id, and the one a retried batch is looked up by. */
    private static final int REQUEST_ID_CHARS = 128;

    private final DataSource dataSource;
    private final Jpa jpa;

    @Inject
    public RequestLogRepository(DataSource dataSource, Jpa jpa) {
        this.dataSource = dataSource;
        this.jpa = jpa;
    }

    /**
     * Inserts many rows in one JDBC batch and one transaction; the asynchronous log writer's only database call.
     * A row whose account was deleted meanwhile keeps the email and loses the reference; one whose API key was
     * deleted loses the key.
     */
    public void insertAll(List<RequestLog> logs) throws SQLException {
        JdbcBatch.execute(dataSource, INSERT, logs, RequestLogRepository::bind);
    }

    /**
     * As {@link #insertAll}, for rows whose earlier insert failed: that failure may have come after the commit (the
     * connection lost while the commit's answer was on its way), so when the first row is there, the batch is (it
     * was one transaction) and nothing is inserted again.
     */
    public void insertAllAgain(List<RequestLog> logs) throws SQLException {
        if (!logs.isEmpty() && stored(logs.getFirst())) {
            return;
        }
        insertAll(logs);
    }

    private boolean stored(RequestLog log) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT 1 FROM request_logs WHERE requested_at = ? AND request_id = ? LIMIT 1")) {
            select.setObject(1, JdbcBatch.utc(log.getRequestedAt()));
            select.setString(2, truncate(log.getRequestId(), REQUEST_ID_CHARS));
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    public long count() {
        return jpa.read(em -> em.createQuery("select count(r) from RequestLog r", Long.class).getSingleResult());
    }

    public List<RequestLog> findNewest(int limit) {
        return jpa.read(em -> em.createQuery("select r from RequestLog r order by r.requestedAt desc, r.id desc",
                        RequestLog.class)
                .setMaxResults(limit)
                .getResultList());
    }

    /**
     * Deletes up to {@code batch} rows requested before {@code cutoff} whose ids the rollups already counted (up to
     * {@code rolledUpTo}); returns how many went. The ids are found by a plain read and deleted by primary key, so
     * the delete locks only those rows and never the newest end of any index, where the writers insert.
     */
    public int deleteRolledUpBefore(Instant cutoff, long rolledUpTo, int batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM request_logs FORCE INDEX"
                    + " (ix_request_logs_time) WHERE requested_at < ? AND id <= ? ORDER BY requested_at LIMIT ?")) {
                select.setObject(1, JdbcBatch.utc(cutoff));
                select.setLong(2, rolledUpTo);
                select.setInt(3, batch);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM request_logs WHERE id IN ("
                    + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    delete.setLong(i + 1, ids.get(i));
                }
                return delete.executeUpdate();
            }
        }
    }

    /**
     * Every text is cut to its column (in characters, as the columns count them): much of it is client text (model,
     * reasoning effort, service tier, request id, upstream messages), and one value too long would lose the row.
     */
    private static void bind(PreparedStatement insert, RequestLog log) throws SQLException {
        int i = 1;
        insert.setString(i++, truncate(log.getRequestId(), REQUEST_ID_CHARS));
        insert.setObject(i++, JdbcBatch.utc(log.getRequestedAt()));
        insert.setString(i++, log.getAccountId());
        insert.setString(i++, truncate(log.getAccountEmail(), 320));
        insert.setString(i++, truncate(log.getRoute(), 64));
        insert.setString(i++, truncate(log.getModel(), 128));
        insert.setString(i++, truncate(log.getTransport(), 16));
        insert.setString(i++, truncate(log.getReasoningEffort(), 32));
        insert.setString(i++, truncate(log.getServiceTier(), 32));
        setLong(insert, i++, log.getInputTokens());
        setLong(insert, i++, log.getCachedInputTokens());
        setLong(insert, i++, log.getOutputTokens());
        setLong(insert, i++, log.getReasoningTokens());
        insert.setLong(i++, log.getLatencyMs());
        setLong(insert, i++, log.getFirstTokenMs());
        insert.setInt(i++, log.getStatusCode());
        insert.setString(i++, truncate(log.getStatus(), 16));
        insert.setString(i++, truncate(log.getErrorCode(), 128));
        insert.setString(i++, truncate(log.getErrorMessage(), 2000));
        insert.setBigDecimal(i++, log.getCostUsd());
        insert.setString(i++, log.getApiKeyId());
        insert.setString(i, truncate(log.getChainReplay(), 255));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** At most {@code max} characters, never splitting one outside the basic plane. */
    private static String truncate(String value, int max) {
        if (value == null || value.length() <= max || value.codePointCount(0, value.length()) <= max) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, max));
    }
}
